#include "modes/message.hpp"
#include "modes/frame.hpp"

#include "trace/trace-hw_arm_h7stack.h"

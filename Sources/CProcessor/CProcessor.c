// Everything is inline in the header; SwiftPM needs one source file to build the module.
#include "CProcessor.h"

#ifndef SHEPHERD_CLIBYAML_SHIM_H
#define SHEPHERD_CLIBYAML_SHIM_H
#include <yaml.h>
#endif

// placesim: thin main. Everything it does lives in placesim::cli and below.
#include "tools/cli/cli.h"

int main(int argc, char** argv) { return placesim::cli::main(argc, argv); }

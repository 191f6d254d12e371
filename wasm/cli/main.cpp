// examrule: see cli.h for the commands.
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return er::cli::run(args, std::cout, std::cerr);
}

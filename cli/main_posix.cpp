// The Linux entry point: arguments arrive as the bytes the shell passed, UTF-8 in practice.
#include "cli/main.hpp"

int main(int argc, char** argv) {
  return kmsprep::run_main(std::vector<std::string>(argv + 1, argv + argc));
}

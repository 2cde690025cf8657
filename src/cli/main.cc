#include "cli/app.h"

int main(int argc, char** argv) { return rocky::cli::Main(argc, argv); }

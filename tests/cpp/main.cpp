// The one Catch2 main; every other file in tests/cpp holds test cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

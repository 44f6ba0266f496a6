#include <cstdio>
int main() { std::puts("tokenwatt-cli: under construction"); return 1; }

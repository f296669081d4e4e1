// SHA-256 of a byte string, as lower-case hex: the content hash that identifies a stored document.
#pragma once
#include <string>
#include <string_view>

namespace kg {
std::string sha256_hex(std::string_view data);
// The same digest without the CPU's SHA extensions (tests compare the two), and whether sha256_hex uses them.
std::string sha256_hex_portable(std::string_view data);
bool sha256_uses_cpu_extensions();
}

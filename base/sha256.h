// SHA-256 of a byte string, as lower-case hex: the content hash that identifies a stored document.
#pragma once
#include <string>
#include <string_view>

namespace kg {
std::string sha256_hex(std::string_view data);
}

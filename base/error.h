// kg::Error and its subclasses: the only exception types kg throws.
// Each carries a one-line message; file/line errors name the file (and line where known).
#pragma once
#include <stdexcept>
#include <string>

namespace kg {

// Base of every kg exception. what() is a complete one-line message without the "error: " prefix.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

// Bad command-line usage or a malformed question/argument (exit 2).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& msg) : Error(msg) {}
};

// A problem with one input or data file; carries its path and, where known, the line.
class FileError : public Error {
 public:
  FileError(std::string file, const std::string& msg, int line = 0)
      : Error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + msg),
        file_(std::move(file)),
        line_(line) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

// The database could not be opened, is corrupt, or a statement failed.
class DbError : public Error {
 public:
  explicit DbError(const std::string& msg) : Error(msg) {}
};

}  // namespace kg

#include "cli/cli.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "base/error.h"
#include "cli/command.h"

#ifndef KG_DATA_DIR
#define KG_DATA_DIR "data"
#endif
#ifndef KG_VERSION
#define KG_VERSION "0"
#endif

namespace kg::cli {
namespace {

const std::vector<CommandSpec>& specs() {
  static const std::vector<CommandSpec> all = [] {
    std::vector<CommandSpec> s;
    for (auto group : {ingest_commands, query_commands, curation_commands, search_commands})
      for (auto& c : group()) s.push_back(std::move(c));
    return s;
  }();
  return all;
}

std::string usage() {
  std::ostringstream u;
  u << "usage: kg [--db PATH] [--data DIR] [--lexicon FILE]... COMMAND [ARGS]\n\n"
       "Builds a local research database of who invested in, acquired or founded what, from Chinese news.\n\n"
       "commands:\n";
  for (const auto& s : specs()) {
    std::string syn = s.synopsis;
    if (syn.size() < 26) syn.resize(26, ' ');
    u << "  " << syn << "  " << s.summary << "\n";
  }
  u << "\nglobal options:\n"
       "  --db PATH        database file (default: $KG_DB, else ./kg.db)\n"
       "  --data DIR       lexicons and patterns (default: " KG_DATA_DIR ")\n"
       "  --lexicon FILE   an extra entity lexicon (name<TAB>type<TAB>aliases); repeatable\n"
       "  --help, -h       this help; `kg COMMAND --help` for a command\n"
       "  --version        print the version\n\n"
       "exit status: 0 found, 1 no result, 2 usage or data error.\n";
  return u.str();
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const char* env_db = std::getenv("KG_DB");
    Context c{env_db && *env_db ? env_db : "kg.db", KG_DATA_DIR, {}, out, err};
    size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto value = [&](const std::string& name) -> std::string {
        if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
        return args[++i];
      };
      if (a == "--db") c.db_path = value(a);
      else if (a.rfind("--db=", 0) == 0) c.db_path = a.substr(5);
      else if (a == "--data") c.data_dir = value(a);
      else if (a.rfind("--data=", 0) == 0) c.data_dir = a.substr(7);
      else if (a == "--lexicon") c.lexicons.push_back(value(a));
      else if (a == "--help" || a == "-h" || a == "help") {
        if (a == "help" && i + 1 < args.size()) {
          for (const auto& s : specs())
            if (args[i + 1] == s.name) {
              out << "usage: " << s.usage << "\n";
              return kFound;
            }
        }
        out << usage();
        return kFound;
      } else if (a == "--version") {
        out << "kg " << KG_VERSION << "\n";
        return kFound;
      } else if (a.rfind("-", 0) == 0) {
        throw UsageError("unknown option '" + a + "' (kg --help)");
      } else {
        break;
      }
    }
    if (c.db_path.empty()) throw UsageError("--db: empty path");
    if (i >= args.size()) {
      err << usage();
      return kError;
    }
    std::string cmd = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    const CommandSpec* spec = nullptr;
    for (const auto& s : specs())
      if (cmd == s.name) spec = &s;
    if (!spec) throw UsageError("unknown command '" + cmd + "' (kg --help lists the commands)");
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
        std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
      out << "usage: " << spec->usage << "\n";
      return kFound;
    }
    Parsed p = parse_args(*spec, rest);
    return spec->run(c, p);
  } catch (const Error& e) {
    std::string m = e.what();
    std::replace(m.begin(), m.end(), '\n', ' ');
    err << "error: " << m << "\n";
    return kError;
  } catch (const std::bad_alloc&) {
    err << "error: out of memory\n";
    return kError;
  } catch (const std::exception& e) {
    err << "error: internal: " << e.what() << "\n";
    return kError;
  }
}

int run(const std::vector<std::string>& args) { return run(args, std::cout, std::cerr); }

}  // namespace kg::cli

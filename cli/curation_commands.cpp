#include "base/error.h"
#include "cli/command.h"

namespace kg::cli {
namespace {

int cmd_alias(Context& c, const Parsed& p) {
  if (p.pos[0] != "add") throw UsageError("unknown alias action '" + p.pos[0] + "'; usage: kg alias add ENTITY ALIAS");
  std::string type = p.get("--type", "organization");
  if (type != "person" && type != "organization" && type != "product")
    throw UsageError("--type: expected person, organization or product, got '" + type + "'");
  if (p.pos[1].empty() || p.pos[2].empty()) throw UsageError("alias add: ENTITY and ALIAS must not be empty");
  Store store(c.db_path);
  bool added = store.add_alias(p.pos[1], p.pos[2], type);
  c.out << (added ? "added alias " : "alias already known: ") << p.pos[2] << " -> " << p.pos[1] << "\n";
  return kFound;
}

}  // namespace

std::vector<CommandSpec> curation_commands() {
  return {
      {"alias", "alias add ENTITY ALIAS", "teach kg another name for an entity",
       "kg alias add ENTITY ALIAS [--type person|organization|product]", {}, {"--type"}, {}, 3, 3, cmd_alias},
  };
}

}  // namespace kg::cli

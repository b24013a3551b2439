# engine/gen_errcodes.awk
#   Turns errcodes.txt into errcodes.h (mode=h) or errcodes_table.c (mode=c).
BEGIN { if (mode == "h") { print "/*\n * errcodes.h\n *   Generated from engine/errcodes.txt by gen_errcodes.awk. Do not edit.\n */\n#ifndef ENG_ERRCODES_H\n#define ENG_ERRCODES_H" }
        else { print "/*\n * errcodes_table.c\n *   Generated from engine/errcodes.txt by gen_errcodes.awk. Do not edit.\n */\n#include \"errcodes.h\"\n#include <stddef.h>\nconst eng_errcode_entry eng_errcode_table[] = {" } }
/^#/ || NF < 4 { next }
{
  state = $1; cls = $2; name = $3;
  msg = $0; sub(/^[^"]*"/, "", msg); sub(/"[^"]*$/, "", msg);
  if (mode == "h") printf "#define ENG_ERR_%s \"%s\"\n", name, state;
  else printf "    {\"%s\", '%s', \"%s\"},\n", state, cls, msg;
}
END { if (mode == "h") { print "typedef struct eng_errcode_entry { const char *sqlstate; char cls; const char *message; } eng_errcode_entry;\nextern const eng_errcode_entry eng_errcode_table[];\n#endif" }
      else print "    {NULL, 0, NULL}\n};" }

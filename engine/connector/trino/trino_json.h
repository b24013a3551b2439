/*
 * engine/connector/trino/trino_json.h
 *   Decoding one response document of Trino's client protocol (the JSON
 *   body of POST /v1/statement and of each GET nextUri) into engine terms:
 *   column types from typeSignature, rows into a batch, errors into an
 *   eng_error with a SQLSTATE. Pure functions over a byte buffer: no I/O,
 *   so they are unit-tested and fuzzed (tests/fuzz/fuzz_trino_json.c).
 * Interface: trino_doc_parse, trino_doc_free, trino_doc_rows,
 *   trino_type_from_signature, trino_type_from_text, trino_error_sqlstate.
 * Not here: HTTP and session headers (trino_client.c).
 *
 * The JSON parser is json-c (Debian libjson-c-dev); nothing here parses
 * JSON by hand.
 */
#ifndef ENG_TRINO_JSON_H
#define ENG_TRINO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include "../../error.h"
#include "../../mem/arena.h"
#include "../../types/types.h"

/* One column as the server announced it. */
typedef struct trino_col {
    char *name;          /* arena */
    char *trino_type;    /* the server's type text, e.g. "varchar(25)" */
    eng_type type;       /* the engine type its values are decoded into */
    bool as_text;        /* no engine type: values carried as varchar text */
} trino_col;

/* The parts of one response document the client needs. Strings and
 * columns live in the arena given to trino_doc_parse. */
typedef struct trino_doc {
    char *id;
    char *next_uri;      /* NULL: the query is finished */
    char *state;         /* stats.state, e.g. "RUNNING", "FINISHED" */
    bool has_columns;
    int ncols;
    trino_col *cols;
    bool has_update_count;
    int64_t update_count;
    char *update_type;   /* e.g. "INSERT", "CREATE TABLE"; NULL if none */
    bool has_error;
    eng_error error;     /* filled when has_error */
    void *data;          /* the "data" array (json-c object), or NULL */
    int nrows;           /* rows in data */
    void *root;          /* the parsed document, freed by trino_doc_free */
} trino_doc;

/*
 * Parses len bytes of body into *doc (strings in arena a). A body that is
 * not a JSON object of the protocol's shape is 08P01 naming what is wrong.
 * A server error's line number is reported minus line_offset (the lines
 * the client put before the user's text). On failure nothing needs
 * freeing; on success call trino_doc_free.
 */
eng_rc trino_doc_parse(const char *body, size_t len, int line_offset,
                       eng_arena *a, trino_doc *doc, eng_error *err);
void trino_doc_free(trino_doc *doc);

/*
 * Decodes rows [first, first + n) of doc->data into rows [0, n) of out,
 * whose columns have the types of cols[0..ncols-1] (from an earlier
 * document of the same query: later documents may omit "columns").
 * Values that do not fit their column (a malformed server reply) are
 * 08P01 naming the column and row. Strings are copied into out->arena.
 */
eng_rc trino_doc_rows(const trino_doc *doc, int first, int n,
                      const trino_col *cols, int ncols, eng_batch *out,
                      eng_error *err);

/*
 * Maps a typeSignature object (json-c object) to an engine type:
 * boolean, tinyint, smallint, integer, bigint, real, double,
 * decimal(p<=38,s), varchar(n), char(n) (the engine's char(n); its values
 * stay as Trino sends them, padded to n: the form a char value has
 * outside the engine, which Trino mode hands to the driver as it is; the
 * trino connector reads such columns as padded varchar(n)), varbinary
 * (sent as base64), uuid, date, timestamp(p) and time(p) for p <= 6 (the
 * engine keeps microseconds), timestamp(p) / time(p) with time zone for
 * p <= 6 (the instant and the zone of Trino's text), interval day to
 * second, interval year to month.
 * Types the engine has no equivalent of here (timestamp(p > 6) and
 * time(p > 6), with or without a zone, whose values would have to be
 * rounded; array, map, row, ipaddress, ...) are carried as
 * unbounded varchar holding Trino's exact text of the value
 * (*as_text = true). json is the engine's json, its values carried the
 * same way (*as_text = true): Trino sends its canonical text.
 */
eng_type trino_type_from_signature(void *sig, bool *as_text);

/* The same for a type's text as DESCRIBE OUTPUT prints it
 * ("varchar(25)", "decimal(12,2)", "timestamp(3)",
 * "timestamp(3) with time zone"). */
eng_type trino_type_from_text(const char *text, bool *as_text);

/* The SQLSTATE for a Trino errorName (e.g. "SYNTAX_ERROR" -> "42000");
 * "HY000" for names without a better state. */
const char *trino_error_sqlstate(const char *error_name);

#endif

/*
 * engine/connector/trino/trino_literal.h
 *   Engine values as typed Trino SQL literals, for the values of
 *   `EXECUTE name USING ...` (Trino mode's parameters).
 * Interface: trino_literal.
 * Not here: sending the statement (trino_client.c), the parameters'
 *   lifecycle (engine_remote.c).
 */
#ifndef ENG_TRINO_LITERAL_H
#define ENG_TRINO_LITERAL_H

#include "../../common/strbuf.h"
#include "../../types/types.h"

/*
 * Appends v to b as a Trino literal of v's type, so that the server
 * types the value as the engine does and no text of the value is ever
 * read as SQL: NULL (CAST(NULL AS t) when t is known), TRUE/FALSE,
 * TINYINT '5' / SMALLINT '5' / INTEGER '5' / BIGINT '5', DOUBLE '1.25'
 * (infinity(), -infinity(), nan()), DECIMAL '12.50', 'it''s' (U&'...' with \XXXX escapes for
 * control characters), DATE '...',
 * TIMESTAMP '...' and TIME '...' with the type's fractional digits,
 * INTERVAL [-]'...' DAY TO SECOND / YEAR TO MONTH. OOM is left in b
 * (b->oom), as every eng_sb_* append does.
 */
void trino_literal(eng_strbuf *b, const eng_value *v);

#endif

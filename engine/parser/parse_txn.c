/*
 * engine/parser/parse_txn.c
 *   The transaction statements, as Trino has them:
 *     START TRANSACTION [mode [, mode ...]]
 *       mode := ISOLATION LEVEL { READ UNCOMMITTED | READ COMMITTED |
 *                                 REPEATABLE READ | SERIALIZABLE }
 *             | READ { ONLY | WRITE }
 *     COMMIT [WORK]
 *     ROLLBACK [WORK]
 * Interface: parse_txn_starts, parse_txn_stmt (parse_int.h).
 * Not here: what they do (binder/bind.c checks the modes, the façade and
 *   session/txn.c run them).
 *
 * None of these words is a keyword of the table (keywords.h): they are
 * matched as unquoted identifiers, only as a statement's first word, so
 * columns and tables may still be called "commit" or "level".
 */
#include <strings.h>
#include "parse_int.h"

/* True when token t is the unquoted word w (any case). */
static bool t_word(const eng_token *t, const char *w)
{
    return t->kind == TK_IDENT && strcasecmp(t->text, w) == 0;
}

/* Consumes the word w if it is next; otherwise records it as expected. */
static bool accept_word(parser *p, const char *w)
{
    if (t_word(tok(p), w)) {
        next(p);
        return true;
    }
    parse_expect(p, w, true);
    return false;
}

/* True when the current token starts a transaction statement. */
bool parse_txn_starts(parser *p)
{
    eng_token *t = tok(p);
    return (t_word(t, "start") && t_word(peek(p, 1), "transaction")) ||
           t_word(t, "commit") || t_word(t, "rollback");
}

/* ISOLATION LEVEL <level> after ISOLATION LEVEL was seen: into *lvl. */
static bool isolation_level(parser *p, ast_txn_isolation *lvl)
{
    if (accept_word(p, "READ")) {
        if (accept_word(p, "UNCOMMITTED")) {
            *lvl = AST_ISO_READ_UNCOMMITTED;
            return true;
        }
        if (accept_word(p, "COMMITTED")) {
            *lvl = AST_ISO_READ_COMMITTED;
            return true;
        }
        return parse_syntax_error(p) != NULL;
    }
    if (accept_word(p, "REPEATABLE")) {
        if (!accept_word(p, "READ"))
            return parse_syntax_error(p) != NULL;
        *lvl = AST_ISO_REPEATABLE_READ;
        return true;
    }
    if (accept_word(p, "SERIALIZABLE")) {
        *lvl = AST_ISO_SERIALIZABLE;
        return true;
    }
    return parse_syntax_error(p) != NULL;
}

/*
 * Parses the statement at the current token into s (kind, txn_isolation,
 * txn_access, txn_pos of the isolation level for the binder's message).
 * A mode given twice is a syntax error, as in Trino. False with p->rc set
 * on error.
 */
bool parse_txn_stmt(parser *p, ast_stmt *s)
{
    if (t_word(tok(p), "commit") || t_word(tok(p), "rollback")) {
        s->kind = t_word(tok(p), "commit") ? AST_COMMIT : AST_ROLLBACK;
        next(p);
        accept_word(p, "WORK");
        return true;
    }
    next(p);                                    /* START */
    next(p);                                    /* TRANSACTION */
    s->kind = AST_START_TRANSACTION;
    s->txn_isolation = AST_ISO_DEFAULT;
    s->txn_access = AST_ACCESS_DEFAULT;
    if (!t_word(tok(p), "isolation") && !t_word(tok(p), "read"))
        return true;
    do {
        if (t_word(tok(p), "isolation")) {
            if (s->txn_isolation != AST_ISO_DEFAULT)
                return parse_syntax_error(p) != NULL;
            s->txn_pos = tok(p)->pos;
            next(p);
            if (!accept_word(p, "LEVEL"))
                return parse_syntax_error(p) != NULL;
            if (!isolation_level(p, &s->txn_isolation))
                return false;
        } else if (t_word(tok(p), "read")) {
            if (s->txn_access != AST_ACCESS_DEFAULT)
                return parse_syntax_error(p) != NULL;
            next(p);
            if (accept_word(p, "ONLY"))
                s->txn_access = AST_ACCESS_READ_ONLY;
            else if (accept_word(p, "WRITE"))
                s->txn_access = AST_ACCESS_READ_WRITE;
            else
                return parse_syntax_error(p) != NULL;
        } else {
            parse_expect(p, "ISOLATION", true);
            parse_expect(p, "READ", true);
            return parse_syntax_error(p) != NULL;
        }
    } while (parse_accept_op(p, ","));
    return true;
}

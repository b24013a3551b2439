/*
 * engine/parser/parse_session.c
 *   Session properties, as Trino spells them:
 *     SET SESSION name = expression
 *     RESET SESSION name
 *     SHOW SESSION [LIKE 'pattern']   (parsed in parser.c's SHOW branch)
 *   name := identifier | catalog.identifier
 * Interface: parse_session_starts, parse_session_stmt (parse_int.h).
 * Not here: which properties exist and their types (session/
 *   session_props.c), binding the value (binder/bind.c), applying it
 *   (the façade, engine.c).
 *
 * SET, RESET and SESSION are matched as unquoted words, only as a
 * statement's first two words, so tables and columns may still be called
 * "session" (SET TIME ZONE is another statement).
 */
#include <strings.h>
#include "parse_int.h"

/* True when token t is the unquoted word w (any case). */
static bool t_word(const eng_token *t, const char *w)
{
    return t->kind == TK_IDENT && strcasecmp(t->text, w) == 0;
}

/* True when the current token starts SET SESSION or RESET SESSION. */
bool parse_session_starts(parser *p)
{
    eng_token *t = tok(p);
    return (t_word(t, "set") || t_word(t, "reset")) &&
           t_word(peek(p, 1), "session");
}

/*
 * Parses SET SESSION name = expr / RESET SESSION name into s (kind, name,
 * value). False with p->rc set on error.
 */
bool parse_session_stmt(parser *p, ast_stmt *s)
{
    bool set = t_word(tok(p), "set");
    next(p);                                    /* SET / RESET */
    next(p);                                    /* SESSION */
    s->kind = set ? AST_SET_SESSION : AST_RESET_SESSION;
    if (!parse_qname(p, &s->name, 2))
        return false;
    if (!set)
        return true;
    if (!parse_accept_op(p, "=")) {
        parse_expect(p, "=", true);
        return parse_syntax_error(p) != NULL;
    }
    return (s->value = parse_expr(p)) != NULL;
}

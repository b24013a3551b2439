/*
 * engine/parser/parse_window.c
 *   Window specifications: the OVER clause of a function call and the
 *   WINDOW clause of a SELECT block (Trino's grammar).
 * Interface: parse_over, parse_window_clause (parse_int.h).
 * Not here: the function call around OVER (parse_expr.c), what a window
 *   means (binder/bind_window.c).
 *
 * Grammar:
 *   over    := OVER ( name | '(' spec ')' )
 *   spec    := [name] [PARTITION BY expr {, expr}] [ORDER BY items] [frame]
 *   frame   := (ROWS | RANGE | GROUPS) (bound | BETWEEN bound AND bound)
 *   bound   := UNBOUNDED (PRECEDING | FOLLOWING) | CURRENT ROW
 *            | expr (PRECEDING | FOLLOWING)
 *   window  := WINDOW name AS '(' spec ')' {, name AS '(' spec ')'}
 * PARTITION, ROWS, RANGE, ... are non-reserved, so a leading identifier of
 * a spec is an existing window's name unless it starts one of the clauses.
 * Frame rules (which bounds may pair) are checked by the binder, which
 * names them as Trino does.
 */
#include "parse_int.h"

/* One frame bound into *b. */
static bool parse_bound(parser *p, ast_frame_bound *b, int *h)
{
    b->pos = tok(p)->pos;
    if (parse_accept_kw(p, KW_UNBOUNDED)) {
        if (parse_accept_kw(p, KW_PRECEDING))
            b->kind = AFB_UNBOUNDED_PRECEDING;
        else if (parse_accept_kw(p, KW_FOLLOWING))
            b->kind = AFB_UNBOUNDED_FOLLOWING;
        else
            return parse_syntax_error(p) != NULL;
        return true;
    }
    if (t_kw(tok(p), KW_CURRENT) && t_kw(peek(p, 1), KW_ROW)) {
        next(p);
        next(p);
        b->kind = AFB_CURRENT_ROW;
        return true;
    }
    if (!(b->offset = parse_expr(p)))
        return false;
    *h = imax(*h, p->h);
    if (parse_accept_kw(p, KW_PRECEDING))
        b->kind = AFB_PRECEDING;
    else if (parse_accept_kw(p, KW_FOLLOWING))
        b->kind = AFB_FOLLOWING;
    else
        return parse_syntax_error(p) != NULL;
    return true;
}

/* True if the current token starts a clause of a spec rather than being
 * the name of an existing window. */
static bool starts_spec_clause(parser *p)
{
    const eng_token *t = tok(p);
    if (t_kw(t, KW_PARTITION) && t_kw(peek(p, 1), KW_BY))
        return true;
    return t_kw(t, KW_ROWS) || t_kw(t, KW_RANGE) || t_kw(t, KW_GROUPS);
}

/* spec ')' after the '(' (consumed); sets p->h. */
static ast_window *parse_spec(parser *p, int pos)
{
    ast_window *w = parse_alloc(p, sizeof *w);
    int h = 0, cap = 0;
    if (!w)
        return NULL;
    w->pos = pos;
    if (t_ident(tok(p)) && !starts_spec_clause(p) && !(w->ref = parse_ident(p)))
        return NULL;
    if (t_kw(tok(p), KW_PARTITION) && t_kw(peek(p, 1), KW_BY)) {
        next(p);
        next(p);
        do {
            ast_expr *e = parse_expr(p);
            if (!e)
                return NULL;
            h = imax(h, p->h);
            if (!parse_push(p, &w->partition, &w->npartition, &cap, sizeof e, &e))
                return NULL;
        } while (parse_accept_op(p, ","));
    }
    if (parse_accept_kw(p, KW_ORDER) &&
        (!parse_need_kw(p, KW_BY) ||
         !parse_order_items(p, &w->order_by, &w->norder, &h)))
        return NULL;
    if (parse_accept_kw(p, KW_ROWS))
        w->unit = AFU_ROWS;
    else if (parse_accept_kw(p, KW_RANGE))
        w->unit = AFU_RANGE;
    else if (parse_accept_kw(p, KW_GROUPS))
        w->unit = AFU_GROUPS;
    if (w->unit != AFU_NONE) {
        if (parse_accept_kw(p, KW_BETWEEN)) {
            if (!parse_bound(p, &w->start, &h) || !parse_need_kw(p, KW_AND) ||
                !parse_bound(p, &w->end, &h))
                return NULL;
        } else if (!parse_bound(p, &w->start, &h)) {
            return NULL;
        }
    }
    if (!parse_need_op(p, ")"))
        return NULL;
    p->h = h + 1;
    return parse_height_ok(p, p->h, pos) ? w : NULL;
}

ast_window *parse_over(parser *p)
{
    int pos = tok(p)->pos;
    next(p); /* OVER */
    if (parse_accept_op(p, "("))
        return parse_spec(p, pos);
    if (!t_ident(tok(p))) {
        parse_expect(p, "(", true);
        return parse_syntax_error(p);
    }
    ast_window *w = parse_alloc(p, sizeof *w);
    if (!w || !(w->ref = parse_ident(p)))
        return NULL;
    w->pos = pos;
    p->h = 1;
    return w;
}

bool parse_window_clause(parser *p, ast_select *s, int *h)
{
    int cap = 0;
    next(p); /* WINDOW */
    do {
        ast_named_window nw;
        nw.pos = tok(p)->pos;
        if (!(nw.name = parse_ident(p)) || !parse_need_kw(p, KW_AS) ||
            !parse_need_op(p, "(") || !(nw.spec = parse_spec(p, nw.pos)))
            return false;
        *h = imax(*h, p->h);
        if (!parse_push(p, &s->windows, &s->nwindows, &cap, sizeof nw, &nw))
            return false;
    } while (parse_accept_op(p, ","));
    return true;
}

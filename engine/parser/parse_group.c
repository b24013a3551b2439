/*
 * engine/parser/parse_group.c
 *   GROUP BY's elements: expressions, ROLLUP (...), CUBE (...), GROUPING
 *   SETS (...) and the empty set (), expanded into grouping sets.
 * Interface: parse_group_by (parse_int.h).
 * Not here: what grouping means (binder/bind_select.c, bind_group.c).
 *
 * Grammar (Trino):
 *   group   := element {, element}
 *   element := expr | '(' ')' | ROLLUP '(' exprs ')' | CUBE '(' exprs ')'
 *            | GROUPING SETS '(' set {, set} ')'
 *   set     := expr | '(' [expr {, expr}] ')'
 * Every expression goes to s->group_by once, in order of appearance; a
 * grouping set is a list of indexes into it. The sets of a GROUP BY are
 * the cross product of its elements' sets (a plain expression is the one
 * set {e}; ROLLUP(a, b) is (a, b), (a), (); CUBE(a, b) every subset), as
 * in Trino. A GROUP BY of plain expressions only keeps s->ngsets 0.
 * '(' at the start of an element or set starts a list of expressions, so
 * `GROUP BY (a + b) * 2` is read as Trino reads it: a syntax error.
 */
#include "parse_int.h"

/* Most grouping sets one GROUP BY may expand to (CUBE of 12 columns). */
#define MAX_GSETS 4096

typedef struct setlist {
    int n, cap;
    ast_grouping_set *s;
} setlist;

static bool add_set(parser *p, setlist *l, const int *idx, int n)
{
    ast_grouping_set g;
    g.n = n;
    g.idx = parse_alloc(p, sizeof(int) * (size_t)(n + 1));
    if (!g.idx)
        return false;
    for (int i = 0; i < n; i++)
        g.idx[i] = idx[i];
    return parse_push(p, &l->s, &l->n, &l->cap, sizeof g, &g);
}

/* One expression appended to s->group_by; its index in *idx. */
static bool group_expr(parser *p, ast_select *s, int *gcap, int *h, int *idx)
{
    ast_expr *e = parse_expr(p);
    if (!e)
        return false;
    *h = imax(*h, p->h);
    *idx = s->ngroup;
    return parse_push(p, &s->group_by, &s->ngroup, gcap, sizeof e, &e);
}

/* '(' [expr {, expr}] ')' into a list of indexes (*n of them). */
static bool expr_list(parser *p, ast_select *s, int *gcap, int *h, int **idx,
                      int *n, bool allow_empty)
{
    int cap = 0;
    *n = 0;
    *idx = NULL;
    if (!parse_need_op(p, "("))
        return false;
    if (allow_empty && parse_accept_op(p, ")"))
        return true;
    do {
        int i;
        if (!group_expr(p, s, gcap, h, &i) ||
            !parse_push(p, idx, n, &cap, sizeof i, &i))
            return false;
    } while (parse_accept_op(p, ","));
    return parse_need_op(p, ")");
}

/* The sets of one element into *e. */
static bool element(parser *p, ast_select *s, int *gcap, int *h, setlist *e,
                    bool *complex)
{
    int *idx, n;
    if (t_kw(tok(p), KW_ROLLUP) || t_kw(tok(p), KW_CUBE)) {
        bool cube = t_kw(tok(p), KW_CUBE);
        int at = p->cur;
        next(p);
        *complex = true;
        if (!expr_list(p, s, gcap, h, &idx, &n, false))
            return false;
        if (!cube) {
            for (int k = n; k >= 0; k--)
                if (!add_set(p, e, idx, k))
                    return false;
            return true;
        }
        if (n > 12) {
            p->cur = at;     /* the message points at CUBE */
            return parse_unsupported(p, "CUBE of more than 12 expressions") != NULL;
        }
        int *sub = parse_alloc(p, sizeof(int) * (size_t)(n + 1));
        if (!sub)
            return false;
        /* all subsets, the full set first, as Trino lists them */
        for (unsigned m = (1u << n); m-- > 0;) {
            int k = 0;
            for (int i = 0; i < n; i++)
                if (m & (1u << (n - 1 - i)))
                    sub[k++] = idx[i];
            if (!add_set(p, e, sub, k))
                return false;
        }
        return true;
    }
    if (t_kw(tok(p), KW_GROUPING) && t_kw(peek(p, 1), KW_SETS)) {
        next(p);
        next(p);
        *complex = true;
        if (!parse_need_op(p, "("))
            return false;
        do {
            if (t_op(tok(p), "(")) {
                if (!expr_list(p, s, gcap, h, &idx, &n, true))
                    return false;
            } else {
                int i;
                if (!group_expr(p, s, gcap, h, &i))
                    return false;
                if (!(idx = parse_alloc(p, sizeof(int))))
                    return false;
                idx[0] = i;
                n = 1;
            }
            if (!add_set(p, e, idx, n))
                return false;
        } while (parse_accept_op(p, ","));
        return parse_need_op(p, ")");
    }
    if (t_op(tok(p), "(") && t_op(peek(p, 1), ")")) {
        next(p);
        next(p);
        *complex = true;
        return add_set(p, e, NULL, 0);
    }
    int i;
    return group_expr(p, s, gcap, h, &i) && add_set(p, e, &i, 1);
}

/* element() into *e, marking the expressions of a ROLLUP, CUBE or
 * GROUPING SETS (the binder refuses any that is not a column). */
static bool element_marked(parser *p, ast_select *s, int *gcap, int *h,
                           setlist *e, bool *complex)
{
    int first = s->ngroup;
    bool was = *complex;
    *complex = false;
    bool ok = element(p, s, gcap, h, e, complex);
    for (int i = first; ok && *complex && i < s->ngroup; i++)
        s->group_by[i]->in_gset = true;
    *complex = *complex || was;
    return ok;
}

bool parse_group_by(parser *p, ast_select *s, int *h)
{
    int gcap = 0;
    bool complex = false;
    setlist acc = { 0, 0, NULL };
    if (!add_set(p, &acc, NULL, 0))
        return false;
    do {
        setlist e = { 0, 0, NULL }, next_l = { 0, 0, NULL };
        if (!element_marked(p, s, &gcap, h, &e, &complex))
            return false;
        if ((long)acc.n * e.n > MAX_GSETS)
            return parse_unsupported(p, "GROUP BY with more than 4096 "
                                        "grouping sets") != NULL;
        for (int a = 0; a < acc.n; a++)
            for (int b = 0; b < e.n; b++) {
                int n = acc.s[a].n + e.s[b].n;
                int *idx = parse_alloc(p, sizeof(int) * (size_t)(n + 1));
                if (!idx)
                    return false;
                for (int i = 0; i < acc.s[a].n; i++)
                    idx[i] = acc.s[a].idx[i];
                for (int i = 0; i < e.s[b].n; i++)
                    idx[acc.s[a].n + i] = e.s[b].idx[i];
                if (!add_set(p, &next_l, idx, n))
                    return false;
            }
        acc = next_l;
    } while (parse_accept_op(p, ","));
    if (complex) {
        s->ngsets = acc.n;
        s->gsets = acc.s;
    }
    return true;
}

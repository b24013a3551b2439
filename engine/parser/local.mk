# engine/parser/local.mk
#   Automake fragment for the SQL parser (lexer, keywords, parser, AST
#   printer). Included by the top-level Makefile.am. Only += lines here.
libmeshengine_la_SOURCES += \
	engine/parser/keywords.c \
	engine/parser/lexer.c \
	engine/parser/parser.c \
	engine/parser/parse_expr.c \
	engine/parser/parse_write.c \
	engine/parser/parse_txn.c \
	engine/parser/parse_window.c \
	engine/parser/parse_group.c \
	engine/parser/ast_print.c
noinst_HEADERS += \
	engine/parser/ast.h \
	engine/parser/ast_write.h \
	engine/parser/parser.h \
	engine/parser/parse_int.h \
	engine/parser/keywords.h
libmeshengine_la_SOURCES += engine/parser/parse_session.c

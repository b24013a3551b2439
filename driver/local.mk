# driver/local.mk
#   Automake fragment included by the top-level Makefile.am. Only += lines here.

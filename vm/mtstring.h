/* mtstring.h — interned, immutable strings. */
#ifndef MT_MTSTRING_H
#define MT_MTSTRING_H

#include "state.h"

void str_init(State *S);            /* intern table, metamethod names */
void str_freeall(State *S);
String *str_new(State *S, const char *s, size_t len);   /* interned */
String *str_newc(State *S, const char *s);
/* The interned string with these bytes if there is one (dead or alive
 * until the next collection), else NULL; never allocates. */
String *str_find(const State *S, const char *s, size_t len);
void str_remove(State *S, String *s);   /* unlink from the intern table (sweep) */
#define str_eq(a, b) ((a) == (b))

#endif

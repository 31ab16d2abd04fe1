/* value.c — tag names and raw equality. */
#include "value.h"

#include "number.h"

const char *const mt_tag_names[T_COUNT] = {
#define TAG_NAME(name, str) str,
    VALUE_TAGS(TAG_NAME)
#undef TAG_NAME
};

/* An integer and a float are equal when the float has exactly that integer
 * value (comparing both as doubles would wrongly equate 2^53 and 2^53 + 1). */
static bool int_eq_flt(int64_t i, double f)
{
    int64_t fi;
    return num_flt2int(f, &fi) && fi == i;
}

bool mt_rawequal(const TValue *a, const TValue *b)
{
    if (a->tt != b->tt) {
        if (a->tt == T_INT && b->tt == T_FLT)
            return int_eq_flt(ivalue(a), fltvalue(b));
        if (a->tt == T_FLT && b->tt == T_INT)
            return int_eq_flt(ivalue(b), fltvalue(a));
        return false;
    }
    switch (a->tt) {
    case T_NIL: return true;
    case T_BOOL: return bvalue(a) == bvalue(b);
    case T_INT: return ivalue(a) == ivalue(b);
    case T_FLT: return fltvalue(a) == fltvalue(b);
    case T_CFN: return cfvalue(a) == cfvalue(b);
    default: return gcvalue(a) == gcvalue(b);
    }
}

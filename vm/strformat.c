/* strformat.c — string.format, with Lua 5.4's rules: which flags each
 * conversion accepts, at most two digits of width and of precision, %q
 * literals, %s through tostring (and so __tostring), and its exact error
 * messages. Each item is handed to the C library's snprintf once checked. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"

#define MAX_FORMAT 32     /* longest conversion spec, as lstrlib.c */
#define MAX_ITEM 520      /* room for any one item: %99.99f of 1e308 fits */

/* the flags each conversion accepts */
#define FLAGS_FLOAT "-+ #0"
#define FLAGS_HEX "-#0"
#define FLAGS_INT "-+ 0"
#define FLAGS_UINT "-0"
#define FLAGS_CHAR "-"

typedef struct FormatJob {
    TValue *args;
    int nargs;
    LibBuf b;
} FormatJob;

/* Copies "%<flags width . precision><conv>" from fmt into form and returns
 * the address of the conversion character. */
static const char *read_spec(State *S, const char *fmt, char *form)
{
    size_t len = strspn(fmt, FLAGS_FLOAT "123456789.");
    len++;   /* the conversion character */
    if (len >= MAX_FORMAT - 10)
        mt_errorf(S, "invalid format (too long)");
    form[0] = '%';
    memcpy(form + 1, fmt, len);
    form[len + 1] = '\0';
    return fmt + len - 1;
}

static const char *skip_2digits(const char *s)
{
    if (isdigit((unsigned char)*s)) {
        s++;
        if (isdigit((unsigned char)*s))
            s++;
    }
    return s;
}

/* The spec may use only `flags`, then a width of at most two digits (not
 * starting with 0), then (if `precision`) '.' and at most two digits. */
static void check_spec(State *S, const char *form, const char *flags, bool precision)
{
    const char *spec = form + 1;
    spec += strspn(spec, flags);
    if (*spec != '0') {
        spec = skip_2digits(spec);
        if (*spec == '.' && precision)
            spec = skip_2digits(spec + 1);
    }
    if (!isalpha((unsigned char)*spec))
        mt_errorf(S, "invalid conversion specification: '%s'", form);
}

/* Inserts a length modifier ("ll") before the conversion character. */
static void add_length_modifier(char *form, const char *mod)
{
    size_t l = strlen(form);
    size_t lm = strlen(mod);
    char conv = form[l - 1];
    memcpy(form + l - 1, mod, lm);
    form[l - 1 + lm] = conv;
    form[l + lm] = '\0';
}

static void add_formatted(State *S, LibBuf *b, const char *form, ...)
{
    char *dst = buf_reserve(S, b, MAX_ITEM);
    va_list ap;
    va_start(ap, form);
    int n = vsnprintf(dst, MAX_ITEM, form, ap);
    va_end(ap);
    if (n > 0)
        b->n += (size_t)n < MAX_ITEM ? (size_t)n : MAX_ITEM - 1;
}

/* ---- %q ---- */

static void add_quoted_string(State *S, LibBuf *b, const String *str)
{
    const char *s = str->data;
    buf_addchar(S, b, '"');
    for (size_t i = 0; i < str->len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c == '\n') {
            buf_addchar(S, b, '\\');
            buf_addchar(S, b, (char)c);
        } else if (iscntrl(c)) {
            /* data is NUL-terminated, so s[i + 1] is always readable */
            if (!isdigit((unsigned char)s[i + 1]))
                add_formatted(S, b, "\\%d", (int)c);
            else
                add_formatted(S, b, "\\%03d", (int)c);
        } else {
            buf_addchar(S, b, (char)c);
        }
    }
    buf_addchar(S, b, '"');
}

/* Floats as a literal that reads back exactly: hex, or the special forms
 * Lua uses for inf and NaN. */
static void add_quoted_float(State *S, LibBuf *b, double n)
{
    if (n == (double)HUGE_VAL)
        buf_addmem(S, b, "1e9999", 6);
    else if (n == -(double)HUGE_VAL)
        buf_addmem(S, b, "-1e9999", 7);
    else if (n != n)
        buf_addmem(S, b, "(0/0)", 5);
    else
        add_formatted(S, b, "%a", n);
}

static void add_literal(State *S, FormatJob *job, int arg)
{
    TValue *v = &job->args[arg - 1];
    switch (ttype(v)) {
    case T_STR:
        add_quoted_string(S, &job->b, strvalue(v));
        break;
    case T_FLT:
        add_quoted_float(S, &job->b, fltvalue(v));
        break;
    case T_INT:
        if (ivalue(v) == INT64_MIN)   /* its decimal form would read as a float */
            add_formatted(S, &job->b, "0x%llx", (unsigned long long)ivalue(v));
        else
            add_formatted(S, &job->b, "%lld", (long long)ivalue(v));
        break;
    case T_NIL:
    case T_BOOL:
        buf_addstr(S, &job->b, mt_tostring(S, v));
        break;
    default:
        mt_argerror(S, arg, "value has no literal form");
    }
}

/* ---- %s ---- */

static void add_string_item(State *S, FormatJob *job, int arg, char *form)
{
    /* appended before anything else runs, so the string needs no rooting */
    String *s = mt_tostring(S, &job->args[arg - 1]);
    if (form[2] == '\0') {   /* plain %s: the whole string, zeros included */
        buf_addstr(S, &job->b, s);
        return;
    }
    lib_argcheck(S, s->len == strlen(s->data), arg, "string contains zeros");
    check_spec(S, form, FLAGS_CHAR, true);
    if (strchr(form, '.') == NULL && s->len >= 100)
        buf_addstr(S, &job->b, s);   /* no precision: width cannot matter */
    else
        add_formatted(S, &job->b, form, s->data);
}

/* ---- one conversion ---- */

static const void *value_pointer(const TValue *v)
{
    switch (ttype(v)) {
    case T_CFN: {
        const void *p;
        CFunc f = cfvalue(v);
        memcpy(&p, &f, sizeof p);
        return p;
    }
    case T_STR: case T_TABLE: case T_LCL:
        return gcvalue(v);
    default:
        return NULL;
    }
}

static void add_integer_item(State *S, FormatJob *job, int arg, char *form,
                             const char *flags)
{
    int64_t n = lib_checkinteger(S, job->args, job->nargs, arg);
    check_spec(S, form, flags, true);
    add_length_modifier(form, "ll");
    add_formatted(S, &job->b, form, (long long)n);
}

static void add_item(State *S, FormatJob *job, int arg, char conv, char *form)
{
    TValue *args = job->args;
    int nargs = job->nargs;
    switch (conv) {
    case 'c': {
        check_spec(S, form, FLAGS_CHAR, false);
        int c = (int)lib_checkinteger(S, args, nargs, arg);
        add_formatted(S, &job->b, form, c);
        break;
    }
    case 'd': case 'i':
        add_integer_item(S, job, arg, form, FLAGS_INT);
        break;
    case 'u':
        add_integer_item(S, job, arg, form, FLAGS_UINT);
        break;
    case 'o': case 'x': case 'X':
        add_integer_item(S, job, arg, form, FLAGS_HEX);
        break;
    case 'a': case 'A':
        check_spec(S, form, FLAGS_FLOAT, true);
        add_formatted(S, &job->b, form, lib_checknumber(S, args, nargs, arg));
        break;
    case 'f': case 'e': case 'E': case 'g': case 'G': {
        double n = lib_checknumber(S, args, nargs, arg);
        check_spec(S, form, FLAGS_FLOAT, true);
        add_formatted(S, &job->b, form, n);
        break;
    }
    case 'p': {
        const void *p = value_pointer(&args[arg - 1]);
        check_spec(S, form, FLAGS_CHAR, false);
        if (p == NULL) {
            form[strlen(form) - 1] = 's';
            add_formatted(S, &job->b, form, "(null)");
        } else {
            add_formatted(S, &job->b, form, p);
        }
        break;
    }
    case 'q':
        if (form[2] != '\0')
            mt_errorf(S, "specifier '%%q' cannot have modifiers");
        add_literal(S, job, arg);
        break;
    case 's':
        add_string_item(S, job, arg, form);
        break;
    default:
        mt_errorf(S, "invalid conversion '%s' to 'format'", form);
    }
}

static void format_body(State *S, void *ud)
{
    FormatJob *job = ud;
    const String *fs = strvalue(&job->args[0]);
    const char *fmt = fs->data;
    const char *end = fmt + fs->len;
    int arg = 1;
    while (fmt < end) {
        if (*fmt != '%') {
            buf_addchar(S, &job->b, *fmt++);
            continue;
        }
        fmt++;
        if (*fmt == '%') {   /* reading at `end` is fine: data ends in NUL */
            buf_addchar(S, &job->b, '%');
            fmt++;
            continue;
        }
        if (++arg > job->nargs)
            mt_argerror(S, arg, "no value");
        char form[MAX_FORMAT];
        fmt = read_spec(S, fmt, form);
        char conv = *fmt++;
        add_item(S, job, arg, conv, form);
    }
}

int lib_str_format(State *S, TValue *args, int nargs)
{
    lib_checkstring(S, args, nargs, 1);
    FormatJob job;
    job.args = args;
    job.nargs = nargs;
    buf_init(&job.b);
    lib_buildprotected(S, format_body, &job, &job.b);
    buf_push(S, &job.b);
    return 1;
}

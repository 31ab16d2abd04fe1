/* lib_io.c — a small io library: io.write, io.read and the three standard
 * files. A file object is a table whose own metatable names the stream
 * (__fileno) and has __name "FILE*", __tostring, and __index = the shared
 * methods (write, read, flush, close, setvbuf). Lua's files are userdata;
 * here type(io.stdout) is "table". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

#define DEFAULT_OUTPUT "_IO_output"   /* package.loaded key of io.stdout */

static FILE *stream_of(int fileno)
{
    return fileno == 0 ? stdin : fileno == 1 ? stdout : stderr;
}

/* The stream of argument i, which must be one of our file objects. */
static FILE *check_file(State *S, TValue *args, int nargs, int i)
{
    if (i <= nargs) {
        const TValue *no = lib_metafield(S, &args[i - 1], "__fileno");
        if (no != NULL && isint(no) && istable(&args[i - 1]))
            return stream_of((int)ivalue(no));
    }
    lib_typeerror(S, args, nargs, i, "FILE*");
}

/* ---- writing ---- */

/* Writes args[first..] to f: numbers as Lua's fprintf does ("%.14g" for
 * floats, so 1.0 prints as "1"), strings as they are. */
static void write_values(State *S, FILE *f, TValue *args, int nargs, int first)
{
    for (int i = first; i <= nargs; i++) {
        TValue *v = &args[i - 1];
        if (isint(v)) {
            fprintf(f, "%lld", (long long)ivalue(v));
        } else if (isflt(v)) {
            fprintf(f, "%.14g", fltvalue(v));
        } else {
            String *s = lib_checkstring(S, args, nargs, i);
            fwrite(s->data, 1, s->len, f);
        }
    }
}

static int io_write(State *S, TValue *args, int nargs)
{
    write_values(S, stdout, args, nargs, 1);
    mt_push(S, tab_getstr(S->loaded, str_newc(S, DEFAULT_OUTPUT)));
    return 1;
}

static int f_write(State *S, TValue *args, int nargs)
{
    FILE *f = check_file(S, args, nargs, 1);
    write_values(S, f, args, nargs, 2);
    mt_push(S, &args[0]);
    return 1;
}

static int f_flush(State *S, TValue *args, int nargs)
{
    fflush(check_file(S, args, nargs, 1));
    mt_push(S, &args[0]);
    return 1;
}

static int io_flush(State *S, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    fflush(stdout);
    mt_push(S, tab_getstr(S->loaded, str_newc(S, DEFAULT_OUTPUT)));
    return 1;
}

static int f_close(State *S, TValue *args, int nargs)
{
    check_file(S, args, nargs, 1);
    mt_pushnil(S);
    mt_pushcstring(S, "cannot close standard file");
    return 2;
}

static int f_setvbuf(State *S, TValue *args, int nargs)
{
    check_file(S, args, nargs, 1);
    mt_pushbool(S, true);
    return 1;
}

static int f_tostring(State *S, TValue *args, int nargs)
{
    check_file(S, args, nargs, 1);
    mt_pushfstring(S, "file (%p)", (void *)gcvalue(&args[0]));
    return 1;
}

/* ---- reading ---- */

/* A line, without its '\n' when `chop`; fails only at end of file with
 * nothing read. */
static bool read_line(State *S, FILE *f, bool chop)
{
    LibBuf b;
    buf_init(&b);
    int c;
    while ((c = getc(f)) != EOF && c != '\n')
        buf_addchar(S, &b, (char)c);
    if (c == '\n' && !chop)
        buf_addchar(S, &b, '\n');
    bool ok = c == '\n' || b.n > 0;
    buf_push(S, &b);
    return ok;
}

static void read_all(State *S, FILE *f)
{
    LibBuf b;
    buf_init(&b);
    buf_readall(S, &b, f);
    buf_push(S, &b);
}

static bool read_chars(State *S, FILE *f, size_t n)
{
    LibBuf b;
    buf_init(&b);
    char *dst = buf_reserve(S, &b, n);
    b.n = fread(dst, 1, n, f);
    bool ok = b.n > 0;
    buf_push(S, &b);
    return ok;
}

static bool test_eof(State *S, FILE *f)
{
    int c = getc(f);
    ungetc(c, f);
    mt_pushlstring(S, "", 0);
    return c != EOF;
}

/* Reading a numeral as Lua's read_number: at most 200 characters that
 * can form a number, then the usual string-to-number conversion. */
#define MAXNUMERAL 200
typedef struct NumReader {
    FILE *f;
    int c;                   /* the look-ahead character */
    int n;
    char buf[MAXNUMERAL + 1];
} NumReader;

static bool nr_next(NumReader *r)
{
    if (r->n >= MAXNUMERAL) {
        r->buf[0] = '\0';
        return false;
    }
    r->buf[r->n++] = (char)r->c;
    r->c = getc(r->f);
    return true;
}

static bool nr_test2(NumReader *r, const char *set)
{
    if (r->c == set[0] || r->c == set[1])
        return nr_next(r);
    return false;
}

static int nr_digits(NumReader *r, bool hex)
{
    int count = 0;
    while ((hex ? isxdigit(r->c) : isdigit(r->c)) && nr_next(r))
        count++;
    return count;
}

static bool read_number(State *S, FILE *f)
{
    NumReader r;
    r.f = f;
    r.n = 0;
    int count = 0;
    bool hex = false;
    do {
        r.c = getc(f);
    } while (isspace(r.c));
    nr_test2(&r, "-+");
    if (nr_test2(&r, "00")) {
        if (nr_test2(&r, "xX"))
            hex = true;
        else
            count = 1;
    }
    count += nr_digits(&r, hex);
    if (nr_test2(&r, ".."))
        count += nr_digits(&r, hex);
    if (count > 0 && nr_test2(&r, hex ? "pP" : "eE")) {
        nr_test2(&r, "-+");
        nr_digits(&r, false);
    }
    ungetc(r.c, f);
    r.buf[r.n] = '\0';
    TValue v;
    size_t len = strlen(r.buf);
    if (len > 0 && num_str2num(r.buf, len, &v) == len + 1) {
        mt_push(S, &v);
        return true;
    }
    mt_pushnil(S);
    return false;
}

/* Reads with the formats args[first..]: "n", "l", "L", "a" (a leading
 * '*' allowed) or a byte count. Returns the number of results. */
static int read_formats(State *S, FILE *f, TValue *args, int nargs, int first)
{
    clearerr(f);
    if (nargs < first) {
        if (!read_line(S, f, true)) {
            S->top--;
            mt_pushnil(S);
        }
        return 1;
    }
    mt_checkstack(S, nargs - first + 1);
    bool ok = true;
    int n;
    for (n = first; n <= nargs && ok; n++) {
        if (isnumber(&args[n - 1])) {
            int64_t l = lib_checkinteger(S, args, nargs, n);
            ok = l == 0 ? test_eof(S, f) : read_chars(S, f, (size_t)l);
            continue;
        }
        const char *p = lib_checkstring(S, args, nargs, n)->data;
        if (*p == '*')
            p++;
        switch (*p) {
        case 'n': ok = read_number(S, f); break;
        case 'l': ok = read_line(S, f, true); break;
        case 'L': ok = read_line(S, f, false); break;
        case 'a': read_all(S, f); ok = true; break;
        default: mt_argerror(S, n, "invalid format");
        }
    }
    if (ferror(f)) {
        mt_pushnil(S);
        mt_pushcstring(S, strerror(errno));
        mt_pushint(S, errno);
        return 3;
    }
    if (!ok) {   /* the failed read's result becomes nil */
        S->top--;
        mt_pushnil(S);
    }
    return n - first;
}

static int io_read(State *S, TValue *args, int nargs)
{
    return read_formats(S, stdin, args, nargs, 1);
}

static int f_read(State *S, TValue *args, int nargs)
{
    return read_formats(S, check_file(S, args, nargs, 1), args, nargs, 2);
}

/* io.type(x): "file" for our file objects (never closed), else nil */
static int io_type(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    const TValue *no = lib_metafield(S, &args[0], "__fileno");
    if (no != NULL && isint(no) && istable(&args[0]))
        mt_pushcstring(S, "file");
    else
        mt_pushnil(S);
    return 1;
}

/* ---- opening ---- */

static const LibReg io_funcs[] = {
    { "write", io_write }, { "read", io_read }, { "flush", io_flush },
    { "type", io_type },
    { NULL, NULL }
};

static const LibReg file_methods[] = {
    { "write", f_write }, { "read", f_read }, { "flush", f_flush },
    { "close", f_close }, { "setvbuf", f_setvbuf },
    { NULL, NULL }
};

static void new_file(State *S, Table *io, Table *methods, const char *name, int fileno)
{
    Table *file = tab_new(S, 0, 0);
    Table *meta = tab_new(S, 0, 8);
    TValue v;
    settable(&v, methods);
    lib_setfield(S, meta, "__index", &v);
    lib_setstring(S, meta, "__name", "FILE*");
    lib_setcfunc(S, meta, "__tostring", f_tostring);
    lib_setint(S, meta, "__fileno", fileno);
    file->meta = meta;
    settable(&v, file);
    lib_setfield(S, io, name, &v);
    if (fileno == 1)
        lib_setfield(S, S->loaded, DEFAULT_OUTPUT, &v);
}

void lib_open_io(State *S)
{
    Table *io = lib_newlib(S, "io", io_funcs);
    Table *methods = tab_new(S, 0, 8);
    for (const LibReg *r = file_methods; r->name != NULL; r++)
        lib_setcfunc(S, methods, r->name, r->func);
    new_file(S, io, methods, "stdin", 0);
    new_file(S, io, methods, "stdout", 1);
    new_file(S, io, methods, "stderr", 2);
}

/* main.c — the mtvm command line. Behaves like lua5.4's for everything mt
 * shares with it (script arguments, the `arg` table, -e, exit statuses). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "jit.h"
#include "opt.h"
#include "compile.h"
#include "lib.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

#define MTVM_VERSION "mtvm 0.1"

typedef struct Options {
    const char *script;        /* NULL: none given */
    int script_index;          /* argv index of the script */
    const char *exec[16];      /* -e chunks, in order */
    int nexec;
    bool gc_stress;
    bool stats, stats_json;
    bool dump_bytecode, dump_ir, dump_asm, perf_map;
    const char *log_path;
    int hot_threshold;
    const char *tracer;        /* "none" or "software" */
    int trace_length;
    int max_attempts;
    int hot_exit;
    const char *opt_spec;
} Options;

static const char *progname = "mtvm";

/* One line per optimisation pass, from tracer/opt.h's list. */
static void print_passes(FILE *out)
{
    for (int i = 0; i < OPT__COUNT; i++)
        fprintf(out, "                       %-8s %s%s\n", opt_names[i], opt_docs[i],
                opt_default_on(i) ? "" : " (off by default)");
}

static void print_usage(FILE *out)
{
    fprintf(out,
            "usage: %s [options] [script [args...]]\n"
            "Runs mt programs (a subset of Lua 5.4).\n\n"
            "  -e CODE            run CODE before the script\n"
            "  -                  read the script from standard input\n"
            "  --                 stop handling options\n"
            "  --tracer=NAME      tracing strategy (default: none)\n"
            "                       none       interpreter only\n"
            "                       software   record hot loops with the software recorder\n"
            "  --hot-loop=N       back-edges before a loop counts as hot (default: 56)\n"
            "  --hot-exit=N       exits taken before a trace exit gets a side trace (default: 10)\n"
            "  --trace-length=N   bytecodes in one trace before recording aborts (default: 200)\n"
            "  --max-attempts=N   aborted recordings before a loop or an exit is left alone\n"
            "                     (default: 4)\n"
            "  --opt=LIST         optimisation passes, e.g. -cse or none,+fold; the passes:\n",
            progname);
    print_passes(out);
    fprintf(out,
            "  --gc-stress        collect garbage at every collection point\n"
            "  --stats[=json]     print VM statistics to stderr at exit\n"
            "  --dump=bytecode    list the compiled bytecode before running\n"
            "  --dump=ir          print each trace's IR, recorded and optimised\n"
            "  --dump=asm         print each trace's machine code in hex\n"
            "                     (scripts/disasm-trace lists it with objdump)\n"
            "  --log=FILE         write timestamped JIT events (traces, aborts, drops,\n"
            "                     flushes) to FILE\n"
            "  --perf-map         write /tmp/perf-PID.map so perf can name trace code\n"
            "  --version          print the version and exit\n"
            "  --help             print this help and exit\n");
}

static noreturn void usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
    print_usage(stderr);
    exit(1);
}

/* The strategies the experiment knows; `pt` and `heuristic` are not built. */
static void check_tracer(const char *name)
{
    static const char *const planned[] = { "pt", "heuristic" };
    if (strcmp(name, "none") == 0 || strcmp(name, "software") == 0)
        return;
    for (size_t i = 0; i < sizeof planned / sizeof planned[0]; i++) {
        if (strcmp(name, planned[i]) == 0) {
            fprintf(stderr, "%s: tracer '%s' is not implemented in this build "
                            "(available: none, software)\n", progname, name);
            exit(2);
        }
    }
    usage_error("unknown tracer '%s' (expected none, software, pt or heuristic)", name);
}

static int parse_count(const char *option, const char *text, long lo, long hi)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (*end != '\0' || end == text || n < lo || n > hi) {
        fprintf(stderr, "%s: %s takes a number from %ld to %ld, not '%s'\n", progname,
                option, lo, hi, text);
        exit(1);
    }
    return (int)n;
}

static bool parse_long_option(Options *o, const char *arg)
{
    if (strncmp(arg, "--tracer=", 9) == 0) {
        check_tracer(arg + 9);
        o->tracer = arg + 9;
    } else if (strncmp(arg, "--opt=", 6) == 0)
        o->opt_spec = arg + 6;
    else if (strncmp(arg, "--trace-length=", 15) == 0)
        o->trace_length = parse_count("--trace-length", arg + 15, 1, 100000);
    else if (strncmp(arg, "--max-attempts=", 15) == 0)
        o->max_attempts = parse_count("--max-attempts", arg + 15, 1, 1000000);
    else if (strcmp(arg, "--gc-stress") == 0)
        o->gc_stress = true;
    else if (strcmp(arg, "--stats") == 0)
        o->stats = true;
    else if (strcmp(arg, "--stats=json") == 0)
        o->stats = o->stats_json = true;
    else if (strcmp(arg, "--dump=bytecode") == 0)
        o->dump_bytecode = true;
    else if (strcmp(arg, "--dump=ir") == 0)
        o->dump_ir = true;
    else if (strcmp(arg, "--dump=asm") == 0)
        o->dump_asm = true;
    else if (strncmp(arg, "--log=", 6) == 0 && arg[6] != '\0')
        o->log_path = arg + 6;
    else if (strcmp(arg, "--perf-map") == 0)
        o->perf_map = true;
    else if (strncmp(arg, "--hot-exit=", 11) == 0)
        o->hot_exit = parse_count("--hot-exit", arg + 11, 1, 65535);
    else if (strncmp(arg, "--hot-loop=", 11) == 0)
        o->hot_threshold = parse_count("--hot-loop", arg + 11, 1, 65535);
    else
        return false;
    return true;
}

static void parse_args(Options *o, int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_usage(stdout);
            exit(0);
        } else if (strcmp(arg, "--version") == 0 || strcmp(arg, "-v") == 0) {
            printf("%s (mt: a subset of Lua 5.4)\n", MTVM_VERSION);
            exit(0);
        } else if (strcmp(arg, "-e") == 0) {
            if (++i >= argc)
                usage_error("'%s' needs argument", "-e");
            if (o->nexec == (int)(sizeof o->exec / sizeof o->exec[0]))
                usage_error("too many %s options", "-e");
            o->exec[o->nexec++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            i++;
            break;
        } else if (strcmp(arg, "-") == 0) {
            break;
        } else if (arg[0] == '-' && arg[1] == '-') {
            if (!parse_long_option(o, arg))
                usage_error("unrecognized option '%s'", arg);
        } else if (arg[0] == '-') {
            usage_error("unrecognized option '%s'", arg);
        } else {
            break;
        }
    }
    if (i < argc) {
        o->script = argv[i];
        o->script_index = i;
    } else {
        o->script_index = argc;
    }
}

/* arg[0] is the script, arg[1..] its arguments, arg[-k] what came before. */
static void make_arg_table(State *S, int argc, char **argv, int script_index)
{
    Table *t = tab_new(S, (uint32_t)(argc > script_index ? argc - script_index : 0), 4);
    TValue v;
    settable(&v, t);
    tab_setstr(S, S->globals, str_newc(S, "arg"), &v);
    for (int i = 0; i < argc; i++) {
        setstr(&v, str_newc(S, argv[i]));
        tab_setint(S, t, (int64_t)i - script_index, &v);
    }
}

static void print_error(State *S)
{
    const TValue *err = S->top - 1;
    const char *msg;
    char buf[128];
    if (isstr(err))
        msg = strvalue(err)->data;
    else if (isnumber(err)) {
        num_tostr(err, buf);
        msg = buf;
    } else {
        snprintf(buf, sizeof buf, "(error object is a %s value)", mt_typename(S, err));
        msg = buf;
    }
    fprintf(stderr, "%s: %s\n", progname, msg);
}

static char traceback[8192];

static void capture_traceback(State *S)
{
    mt_traceback(S, traceback, sizeof traceback);
}

struct Run {
    Options *opts;
    int argc;
    char **argv;
};

static void run_protected(State *S, void *ud)
{
    struct Run *r = ud;
    Options *o = r->opts;
    for (int i = 0; i < o->nexec; i++) {
        TValue *func = S->top;
        if (mt_loadbuffer(S, o->exec[i], strlen(o->exec[i]), "(command line)") != MT_OK)
            mt_throw(S, MT_ERRSYNTAX);
        mt_call(S, func, 0);
    }
    if (o->script == NULL && o->nexec > 0)
        return;
    bool from_stdin = o->script == NULL || strcmp(o->script, "-") == 0;
    TValue *func = S->top;
    if (mt_loadfile(S, from_stdin ? NULL : o->script) != MT_OK)
        mt_throw(S, MT_ERRSYNTAX);
    if (o->dump_bytecode)
        mt_listproto(clvalue(func)->p, stderr);
    for (int i = o->script_index + 1; i < r->argc; i++)
        mt_pushcstring(S, r->argv[i]);
    mt_call(S, func, 0);
}

static void print_stats(State *S, bool json)
{
    if (json) {
        fprintf(stderr,
                "{\"tracer\": \"%s\", \"gc_collections\": %llu, \"gc_time\": %.6f, "
                "\"bytes_allocated\": %llu, \"hot_loops\": %llu",
                S->tracer_name, (unsigned long long)S->gc_collections, S->gc_seconds,
                (unsigned long long)S->bytes_allocated, (unsigned long long)S->hot_loops);
        if (S->jit != NULL) {
            fprintf(stderr, ", \"jit\": ");
            jit_print_stats(S, stderr, true);
        }
        fprintf(stderr, "}\n");
        return;
    }
    fprintf(stderr,
            "mtvm stats\n"
            "  tracer           %s\n"
            "  gc collections   %llu\n"
            "  gc time          %.6f s\n"
            "  bytes allocated  %llu\n"
            "  hot loop events  %llu\n",
            S->tracer_name, (unsigned long long)S->gc_collections, S->gc_seconds,
            (unsigned long long)S->bytes_allocated, (unsigned long long)S->hot_loops);
    jit_print_stats(S, stderr, false);
}

int main(int argc, char **argv)
{
    Options opts = { .hot_threshold = 56, .tracer = "none", .trace_length = 200,
                     .max_attempts = 4, .hot_exit = 10 };
    parse_args(&opts, argc, argv);
    State *S = mt_newstate();
    if (S == NULL) {
        fprintf(stderr, "%s: cannot create state: not enough memory\n", progname);
        return 1;
    }
    S->gc_stress = opts.gc_stress;
    mt_sethotthreshold(S, opts.hot_threshold);
    S->on_uncaught = capture_traceback;
    if (strcmp(opts.tracer, "software") == 0) {
        JitParams params = { .max_insns = opts.trace_length,
                             .max_attempts = opts.max_attempts,
                             .hot_exit = opts.hot_exit,
                             .opt_spec = opts.opt_spec,
                             .dump_ir = opts.dump_ir,
                             .dump_asm = opts.dump_asm,
                             .log_path = opts.log_path,
                             .perf_map = opts.perf_map };
        char err[200];
        if (!jit_open(S, &params, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", progname, err);
            return 1;
        }
        S->tracer_name = "software";
    }
    make_arg_table(S, argc, argv, opts.script_index);
    struct Run run = { &opts, argc, argv };
    int status = mt_rawrunprotected(S, run_protected, &run);
    if (status != MT_OK) {
        print_error(S);
        if (status == MT_ERRRUN && traceback[0])
            fprintf(stderr, "%s\n", traceback);
    }
    fflush(stdout);
    if (opts.stats)
        print_stats(S, opts.stats_json);
    jit_close(S);
    mt_close(S);
    return status == MT_OK ? 0 : 1;
}

/* test_x64.c — the x86-64 encoder (tracer/x64.h) checked against GNU
 * objdump, plus code that is generated and executed.
 *
 * Each disassembly test emits many instructions, systematically over every
 * register (r8-r15 and the RSP/RBP/R12/R13 special cases included), every
 * operand size and displacements of every width, and records for each one
 * the bytes it produced and the text objdump must print for them (Intel
 * syntax). objdump then decodes the whole buffer once; every instruction
 * must decode at its offset, with exactly its length, to exactly that text.
 * The expected text is built here by a formatter that knows objdump's
 * conventions (hex immediates masked to the operand size, "+0x0" for an
 * explicit zero displacement, "*1" for an unscaled index), independently of
 * the encoder's tables. Without objdump those tests say so loudly and pass. */
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcode.h"
#include "x64.h"

/* ---- names, as objdump prints them ------------------------------------------ */

static const char *const REG64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const REG32[16] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                      "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
static const char *const REG16[16] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
                                      "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
static const char *const REG8[16] = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                                     "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
static const char *const ALU[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const char *const CC[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                   "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const X64Size SIZES[4] = {X64_S8, X64_S16, X64_S32, X64_S64};

static const char *reg(X64Size sz, int r)
{
    return sz == X64_S64 ? REG64[r] : sz == X64_S32 ? REG32[r] : sz == X64_S16 ? REG16[r] : REG8[r];
}

static const char *ptr(X64Size sz)
{
    return sz == X64_S64 ? "QWORD PTR " : sz == X64_S32 ? "DWORD PTR " : sz == X64_S16 ? "WORD PTR " : "BYTE PTR ";
}

/* Immediates print as hex, sign-extended to the operand size. */
static const char *imm(int64_t v, X64Size sz)
{
    static char bufs[4][32];
    static int next;
    char *s = bufs[next++ & 3];
    uint64_t mask = sz == X64_S64 ? UINT64_MAX : (UINT64_C(1) << (8 * sz)) - 1;
    snprintf(s, 32, "0x%" PRIx64, (uint64_t)v & mask);
    return s;
}

/* "[base+index*scale+disp]": a displacement is shown when present in the
 * encoding, which for a zero displacement is only with an RBP/R13 base. */
static const char *mem(X64Mem m)
{
    static char bufs[4][64];
    static int next;
    char *s = bufs[next++ & 3];
    int n = snprintf(s, 64, "[%s", REG64[m.base]);
    if (m.index != X64_NOREG)
        n += snprintf(s + n, 64 - n, "+%s*%d", REG64[m.index], m.scale);
    if (m.disp != 0 || (m.base & 7) == 5) {
        int64_t d = m.disp;
        n += snprintf(s + n, 64 - n, "%c0x%" PRIx64, d < 0 ? '-' : '+', (uint64_t)(d < 0 ? -d : d));
    }
    snprintf(s + n, 64 - n, "]");
    return s;
}

/* ---- operand sets ----------------------------------------------------------------- */

static const int32_t DISPS[] = {0, 8, -8, 127, 128, -128, -129, 0x12345678, INT32_MIN};
#define NDISPS (sizeof DISPS / sizeof DISPS[0])

/* Every base with every displacement, then every base with every index
 * (RSP cannot be one) and scale, with a zero, an 8-bit and a 32-bit
 * displacement. */
static size_t all_mems(X64Mem *out)
{
    size_t n = 0;
    for (int b = 0; b < 16; b++)
        for (size_t d = 0; d < NDISPS; d++)
            out[n++] = x64_mem((X64Reg)b, DISPS[d]);
    static const int32_t idisps[] = {0, -0x10, 0x1000};
    for (int b = 0; b < 16; b++)
        for (int i = 0; i < 16; i++)
            for (int s = 0; s < 4 && i != X64_RSP; s++)
                out[n++] = x64_mem_idx((X64Reg)b, (X64Reg)i, 1 << s, idisps[(b + i + s) % 3]);
    return n;
}

/* A representative handful for instructions whose memory operand goes
 * through the same code: the special bases and indexes and each disp width. */
static const X64Mem *some_mems(size_t *n)
{
    static X64Mem m[40];
    static const int bases[] = {X64_RAX, X64_RSP, X64_RBP, X64_R12, X64_R13, X64_R15};
    size_t k = 0;
    for (size_t b = 0; b < 6; b++) {
        m[k++] = x64_mem((X64Reg)bases[b], 0);
        m[k++] = x64_mem((X64Reg)bases[b], -0x40);
        m[k++] = x64_mem((X64Reg)bases[b], 0x4000);
    }
    m[k++] = x64_mem_idx(X64_RBP, X64_R12, 8, 0);
    m[k++] = x64_mem_idx(X64_R13, X64_RAX, 2, 0);
    m[k++] = x64_mem_idx(X64_RSP, X64_R13, 4, 0x7f);
    m[k++] = x64_mem_idx(X64_R12, X64_R15, 1, -0x12345);
    *n = k;
    return m;
}

/* ---- expectations and the objdump comparison ---------------------------------------- */

typedef struct {
    size_t off, len;
    char text[112];
} Expect;

typedef struct {
    X64Buf b;
    uint8_t *code;
    size_t last;      /* end of the previous expectation */
    Expect *ex;
    size_t n, cap;
} Gen;

#define GEN_BYTES (1 << 18)

static Gen *gen_new(void)
{
    Gen *g = calloc(1, sizeof *g);
    g->code = malloc(GEN_BYTES);
    x64_buf_init(&g->b, g->code, GEN_BYTES);
    return g;
}

static void gen_free(Gen *g)
{
    free(g->code);
    free(g->ex);
    free(g);
}

/* The bytes emitted since the previous call must disassemble to `fmt`
 * (several instructions joined with "; "). */
__attribute__((format(printf, 2, 3))) static void expect(Gen *g, const char *fmt, ...)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 1024;
        g->ex = realloc(g->ex, g->cap * sizeof *g->ex);
    }
    Expect *e = &g->ex[g->n++];
    e->off = g->last;
    e->len = x64_buf_len(&g->b) - g->last;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    g->last = x64_buf_len(&g->b);
}

typedef struct {
    size_t off, len;
    char text[112];
} Decoded;

static bool have_objdump(void)
{
    return system("objdump --version >/dev/null 2>&1") == 0;
}

/* Collapse runs of blanks (objdump pads the mnemonic) and trim the end. */
static void normalise(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\n')
            break;
        bool blank = *r == ' ' || *r == '\t';
        if (blank && (w == s || w[-1] == ' '))
            continue;
        *w++ = blank ? ' ' : *r;
    }
    while (w > s && w[-1] == ' ')
        w--;
    *w = 0;
}

/* One objdump line: "  off:\tbytes\ttext". */
static bool parse_line(char *line, Decoded *d)
{
    char *colon = strchr(line, ':'), *t1 = strchr(line, '\t');
    if (!colon || !t1 || colon + 1 != t1)
        return false;
    char *end;
    d->off = strtoul(line, &end, 16);
    if (end != colon)
        return false;
    char *t2 = strchr(t1 + 1, '\t');
    if (!t2)
        return false;
    d->len = 0;
    for (char *p = t1 + 1; p < t2; p++)
        d->len += p[0] != ' ' && (p[1] == ' ' || p + 1 == t2); /* count "xx" tokens */
    snprintf(d->text, sizeof d->text, "%s", t2 + 1);
    normalise(d->text);
    return true;
}

static Decoded *disassemble(const uint8_t *code, size_t len, size_t *n)
{
    char path[] = "/tmp/test_x64_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, code, len), (ssize_t)len);
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "objdump -D -b binary -m i386:x86-64 -M intel --insn-width=16 %s", path);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1024, k = 0;
    Decoded *d = malloc(cap * sizeof *d);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (k == cap)
            d = realloc(d, (cap *= 2) * sizeof *d);
        k += parse_line(line, &d[k]);
    }
    pclose(f);
    unlink(path);
    *n = k;
    return d;
}

/* The decoded instructions tiling [e->off, e->off + e->len), joined. */
static bool decoded_range(const Decoded *d, size_t nd, size_t *i, const Expect *e, char *out,
                          size_t outn)
{
    while (*i < nd && d[*i].off < e->off)
        (*i)++;
    size_t at = e->off, w = 0;
    out[0] = 0;
    while (*i < nd && d[*i].off == at && at < e->off + e->len) {
        w += (size_t)snprintf(out + w, outn > w ? outn - w : 0, "%s%s", w ? "; " : "", d[*i].text);
        at += d[*i].len;
        (*i)++;
    }
    return at == e->off + e->len && e->len > 0;
}

/* Compare everything; print every mismatch (up to a limit), then fail. */
static void check_gen(Gen *g, const char *what)
{
    ck_assert_msg(x64_buf_ok(&g->b), "%s: encoder reported overflow/invalid", what);
    if (!have_objdump()) {
        fprintf(stderr, "\n*** test_x64: objdump NOT FOUND: %s disassembly NOT CHECKED "
                        "(install binutils) ***\n\n", what);
        return;
    }
    size_t nd, i = 0, bad = 0;
    Decoded *d = disassemble(g->code, x64_buf_len(&g->b), &nd);
    char got[512];
    for (size_t k = 0; k < g->n; k++) {
        const Expect *e = &g->ex[k];
        bool tiled = decoded_range(d, nd, &i, e, got, sizeof got);
        if (tiled && strcmp(got, e->text) == 0)
            continue;
        if (bad++ < 40) {
            fprintf(stderr, "%s: at 0x%zx (%zu bytes):", what, e->off, e->len);
            for (size_t j = 0; j < e->len && j < 16; j++)
                fprintf(stderr, " %02x", g->code[e->off + j]);
            fprintf(stderr, "\n  expected: %s\n  objdump:  %s%s\n", e->text, got,
                    tiled ? "" : " (length differs)");
        }
    }
    free(d);
    printf("test_x64: %s: %zu encodings compared with objdump, %zu differ\n", what, g->n, bad);
    ck_assert_msg(bad == 0, "%s: %zu of %zu encodings differ from objdump", what, bad, g->n);
}

/* An address `off` bytes from base, which may lie outside base's object
 * (branch targets are only compared, never dereferenced). */
static const uint8_t *addr_at(const void *base, int64_t off)
{
    return (const uint8_t *)((uintptr_t)base + (uintptr_t)off);
}

/* ---- the disassembly tests --------------------------------------------------------------- */

START_TEST(dis_mov_reg_imm)
{
    Gen *g = gen_new();
    static const int32_t imms[] = {0, 1, -1, 0x7f, -0x80, 0x1234, 0x12345678, INT32_MIN};
    for (int s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++)
            for (int r = 0; r < 16; r++) {
                x64_mov_rr(&g->b, SIZES[s], d, r);
                expect(g, "mov %s,%s", reg(SIZES[s], d), reg(SIZES[s], r));
            }
    for (int s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++)
            for (size_t i = 0; i < 8; i++) {
                x64_mov_ri32(&g->b, SIZES[s], d, imms[i]);
                expect(g, "mov %s,%s", reg(SIZES[s], d), imm(imms[i], SIZES[s]));
            }
    static const uint64_t big[] = {0, 0x123456789abcdef0, UINT64_MAX};
    for (int d = 0; d < 16; d++)
        for (int i = 0; i < 3; i++) {
            x64_movabs(&g->b, d, big[i]);
            expect(g, "movabs %s,0x%" PRIx64, REG64[d], big[i]);
        }
    /* x64_mov_ri picks the shortest form: mov r32 (zero-extends), C7
     * (sign-extends) or movabs. */
    x64_mov_ri(&g->b, X64_R9, 0xffffffff);
    expect(g, "mov r9d,0xffffffff");
    x64_mov_ri(&g->b, X64_RAX, -2);
    expect(g, "mov rax,0xfffffffffffffffe");
    x64_mov_ri(&g->b, X64_R15, INT64_C(0x100000000));
    expect(g, "movabs r15,0x100000000");
    check_gen(g, "mov reg/imm");
    gen_free(g);
}
END_TEST

START_TEST(dis_mov_mem_all_addressing)
{
    Gen *g = gen_new();
    static X64Mem ms[2000];
    size_t nm = all_mems(ms);
    static const int regs[] = {X64_RAX, X64_RSP, X64_RBP, X64_R8, X64_R12, X64_R13, X64_R15};
    for (size_t k = 0; k < nm; k++) {
        int r = regs[k % 7];
        x64_mov_rm(&g->b, X64_S64, r, ms[k]);
        expect(g, "mov %s,QWORD PTR %s", REG64[r], mem(ms[k]));
        x64_lea(&g->b, r, ms[k]);
        expect(g, "lea %s,%s", REG64[r], mem(ms[k]));
    }
    check_gen(g, "addressing modes");
    gen_free(g);
}
END_TEST

START_TEST(dis_mov_mem_sizes)
{
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    for (int s = 0; s < 4; s++)
        for (int r = 0; r < 16; r++)
            for (size_t k = 0; k < nm; k += 3) {
                X64Size sz = SIZES[s];
                X64Mem m = ms[(k + (size_t)r) % nm];
                x64_mov_rm(&g->b, sz, r, m);
                expect(g, "mov %s,%s%s", reg(sz, r), ptr(sz), mem(m));
                x64_mov_mr(&g->b, sz, m, r);
                expect(g, "mov %s%s,%s", ptr(sz), mem(m), reg(sz, r));
            }
    for (int s = 0; s < 4; s++)
        for (size_t k = 0; k < nm; k++) {
            X64Size sz = SIZES[s];
            int32_t v = (int32_t)(k * 37) - 100;
            x64_mov_mi(&g->b, sz, ms[k], v);
            expect(g, "mov %s%s,%s", ptr(sz), mem(ms[k]), imm(v, sz));
        }
    check_gen(g, "mov load/store");
    gen_free(g);
}
END_TEST

START_TEST(dis_extend)
{
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    for (int d = 0; d < 16; d++)
        for (int r = 0; r < 16; r++) {
            x64_movzx_rr(&g->b, X64_S8, d, r);
            expect(g, "movzx %s,%s", REG32[d], REG8[r]);
            x64_movzx_rr(&g->b, X64_S16, d, r);
            expect(g, "movzx %s,%s", REG32[d], REG16[r]);
            x64_movsx_rr(&g->b, X64_S8, d, r);
            expect(g, "movsx %s,%s", REG64[d], REG8[r]);
            x64_movsx_rr(&g->b, X64_S16, d, r);
            expect(g, "movsx %s,%s", REG64[d], REG16[r]);
            x64_movsx_rr(&g->b, X64_S32, d, r);
            expect(g, "movsxd %s,%s", REG64[d], REG32[r]);
        }
    for (int d = 0; d < 16; d++)
        for (size_t k = 0; k < nm; k++) {
            X64Mem m = ms[(k + (size_t)d) % nm];
            x64_movzx_rm(&g->b, X64_S8, d, m);
            expect(g, "movzx %s,BYTE PTR %s", REG32[d], mem(m));
            x64_movzx_rm(&g->b, X64_S16, d, m);
            expect(g, "movzx %s,WORD PTR %s", REG32[d], mem(m));
            x64_movsx_rm(&g->b, X64_S8, d, m);
            expect(g, "movsx %s,BYTE PTR %s", REG64[d], mem(m));
            x64_movsx_rm(&g->b, X64_S32, d, m);
            expect(g, "movsxd %s,DWORD PTR %s", REG64[d], mem(m));
        }
    check_gen(g, "movzx/movsx");
    gen_free(g);
}
END_TEST

START_TEST(dis_alu)
{
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    static const int32_t imms[] = {0, 1, -1, 127, 128, -128, -129, 0x12345678};
    for (int op = 0; op < 8; op++)
        for (int s = 0; s < 4; s++) {
            X64Size sz = SIZES[s];
            for (int d = 0; d < 16; d++) {
                int r = (d * 7 + op + s) % 16;
                x64_alu_rr(&g->b, sz, op, d, r);
                expect(g, "%s %s,%s", ALU[op], reg(sz, d), reg(sz, r));
                int32_t v = imms[(d + op) % 8];
                x64_alu_ri(&g->b, sz, op, d, v);
                expect(g, "%s %s,%s", ALU[op], reg(sz, d), imm(v, sz));
                X64Mem m = ms[(size_t)(d + op * 3) % nm];
                x64_alu_rm(&g->b, sz, op, d, m);
                expect(g, "%s %s,%s%s", ALU[op], reg(sz, d), ptr(sz), mem(m));
                x64_alu_mr(&g->b, sz, op, m, d);
                expect(g, "%s %s%s,%s", ALU[op], ptr(sz), mem(m), reg(sz, d));
                x64_alu_mi(&g->b, sz, op, m, v);
                expect(g, "%s %s%s,%s", ALU[op], ptr(sz), mem(m), imm(v, sz));
            }
        }
    for (int s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++) {
            X64Size sz = SIZES[s];
            x64_test_rr(&g->b, sz, d, 15 - d);
            expect(g, "test %s,%s", reg(sz, d), reg(sz, 15 - d));
            x64_test_ri(&g->b, sz, d, 0x0f);
            expect(g, "test %s,0xf", reg(sz, d));
            X64Mem m = ms[(size_t)d % nm];
            x64_test_mr(&g->b, sz, m, d);
            expect(g, "test %s%s,%s", ptr(sz), mem(m), reg(sz, d));
            x64_test_mi(&g->b, sz, m, 0x40);
            expect(g, "test %s%s,0x40", ptr(sz), mem(m));
        }
    check_gen(g, "alu/test");
    gen_free(g);
}
END_TEST

START_TEST(dis_mul_div_shift_unary)
{
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    static const char *const shifts[8] = {"rol", "ror", 0, 0, "shl", "shr", 0, "sar"};
    static const X64Shift sops[5] = {X64_ROL, X64_ROR, X64_SHL, X64_SHR, X64_SAR};
    for (int s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++) {
            X64Size sz = SIZES[s];
            int r = (d + 5) % 16;
            if (sz != X64_S8) {
                x64_imul_rr(&g->b, sz, d, r);
                expect(g, "imul %s,%s", reg(sz, d), reg(sz, r));
                x64_imul_rm(&g->b, sz, d, ms[(size_t)d % nm]);
                expect(g, "imul %s,%s%s", reg(sz, d), ptr(sz), mem(ms[(size_t)d % nm]));
                int32_t v = d % 2 ? -3 : 1000;
                x64_imul_rri(&g->b, sz, d, r, v);
                expect(g, "imul %s,%s,%s", reg(sz, d), reg(sz, r), imm(v, sz));
            }
            x64_neg(&g->b, sz, d);
            expect(g, "neg %s", reg(sz, d));
            x64_not(&g->b, sz, d);
            expect(g, "not %s", reg(sz, d));
            x64_idiv_r(&g->b, sz, d);
            expect(g, "idiv %s", reg(sz, d));
            x64_idiv_m(&g->b, sz, ms[(size_t)d % nm]);
            expect(g, "idiv %s%s", ptr(sz), mem(ms[(size_t)d % nm]));
            for (int k = 0; k < 5; k++) {
                uint8_t n = (uint8_t)(1 + (d + k) % 7);
                x64_shift_ri(&g->b, sz, sops[k], d, n);
                expect(g, "%s %s,0x%x", shifts[sops[k]], reg(sz, d), n);
                x64_shift_rcl(&g->b, sz, sops[k], d);
                expect(g, "%s %s,cl", shifts[sops[k]], reg(sz, d));
            }
        }
    x64_cqo(&g->b);
    expect(g, "cqo");
    check_gen(g, "imul/idiv/shifts/neg/not");
    gen_free(g);
}
END_TEST

START_TEST(dis_setcc_cmov)
{
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    for (int cc = 0; cc < 16; cc++)
        for (int r = 0; r < 16; r++) {
            x64_setcc(&g->b, cc, r);
            expect(g, "set%s %s", CC[cc], REG8[r]);
            int s = r % 3 + 1; /* 16, 32, 64 */
            x64_cmov_rr(&g->b, SIZES[s], cc, r, 15 - r);
            expect(g, "cmov%s %s,%s", CC[cc], reg(SIZES[s], r), reg(SIZES[s], 15 - r));
            X64Mem m = ms[(size_t)(r + cc) % nm];
            x64_cmov_rm(&g->b, X64_S64, cc, r, m);
            expect(g, "cmov%s %s,QWORD PTR %s", CC[cc], REG64[r], mem(m));
        }
    check_gen(g, "setcc/cmov");
    gen_free(g);
}
END_TEST

START_TEST(dis_branches)
{
    Gen *g = gen_new();
    uint8_t *base = g->code;
    /* Targets backwards and forwards, at the edges of the rel8 range. */
    for (int cc = 0; cc < 16; cc++) {
        size_t at = x64_buf_len(&g->b);
        x64_jcc8(&g->b, cc, addr_at(base, (int64_t)at + 2 + 127));
        expect(g, "j%s 0x%zx", CC[cc], at + 2 + 127);
        at = x64_buf_len(&g->b);
        x64_jcc8(&g->b, cc, addr_at(base, (int64_t)at + 2 - 128));
        expect(g, "j%s 0x%zx", CC[cc], at + 2 - 128);
        at = x64_buf_len(&g->b);
        x64_jcc32(&g->b, cc, base + at + 6 + 100000);
        expect(g, "j%s 0x%zx", CC[cc], at + 6 + 100000);
        at = x64_buf_len(&g->b);
        x64_jcc32(&g->b, cc, base);
        expect(g, "j%s 0x0", CC[cc]);
    }
    size_t at = x64_buf_len(&g->b);
    x64_jmp8(&g->b, base + at);
    expect(g, "jmp 0x%zx", at);
    at = x64_buf_len(&g->b);
    x64_jmp32(&g->b, base + at + 0x1000);
    expect(g, "jmp 0x%zx", at + 0x1000);
    at = x64_buf_len(&g->b);
    x64_call32(&g->b, base + 4);
    expect(g, "call 0x4");
    at = x64_buf_len(&g->b);
    x64_jmp32(&g->b, NULL); /* placeholder: falls through until patched */
    expect(g, "jmp 0x%zx", at + 5);
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    for (int r = 0; r < 16; r++) {
        x64_jmp_r(&g->b, r);
        expect(g, "jmp %s", REG64[r]);
        x64_call_r(&g->b, r);
        expect(g, "call %s", REG64[r]);
        x64_push(&g->b, r);
        expect(g, "push %s", REG64[r]);
        x64_pop(&g->b, r);
        expect(g, "pop %s", REG64[r]);
        X64Mem m = ms[(size_t)r % nm];
        x64_jmp_m(&g->b, m);
        expect(g, "jmp QWORD PTR %s", mem(m));
        x64_call_m(&g->b, m);
        expect(g, "call QWORD PTR %s", mem(m));
    }
    x64_ret(&g->b);
    expect(g, "ret");
    x64_ud2(&g->b);
    expect(g, "ud2");
    x64_int3(&g->b);
    expect(g, "int3");
    check_gen(g, "branches/stack");
    gen_free(g);
}
END_TEST

/* objdump shows [rip+disp] with disp as an unsigned 64-bit number, then
 * the absolute target as a comment. */
static const char *rip(int64_t target, size_t end)
{
    static char bufs[2][48];
    static int next;
    char *s = bufs[next++ & 1];
    snprintf(s, 48, "[rip+0x%" PRIx64 "]", (uint64_t)(target - (int64_t)end));
    return s;
}

START_TEST(dis_rip_relative)
{
    Gen *g = gen_new();
    static const int64_t targets[] = {0, 0x40, 0x2000, 0x30000};
    for (int r = 0; r < 16; r++)
        for (int t = 0; t < 4; t++) {
            int64_t T = targets[t] + r;
            X64Mem m = x64_mem_rip(addr_at(g->code, T));
            x64_mov_rm(&g->b, X64_S64, r, m);
            expect(g, "mov %s,QWORD PTR %s # 0x%" PRIx64, REG64[r], rip(T, x64_buf_len(&g->b)), T);
            x64_lea(&g->b, r, m);
            expect(g, "lea %s,%s # 0x%" PRIx64, REG64[r],
                   rip(T, x64_buf_len(&g->b)), T);
            x64_mov_mr(&g->b, X64_S32, m, r);
            expect(g, "mov DWORD PTR %s,%s # 0x%" PRIx64, rip(T, x64_buf_len(&g->b)), REG32[r], T);
            /* immediates after the displacement: RIP counts from their end */
            x64_mov_mi(&g->b, X64_S64, m, -5);
            expect(g, "mov QWORD PTR %s,0xfffffffffffffffb # 0x%" PRIx64,
                   rip(T, x64_buf_len(&g->b)), T);
            x64_alu_mi(&g->b, X64_S32, X64_CMP, m, 3);
            expect(g, "cmp DWORD PTR %s,0x3 # 0x%" PRIx64, rip(T, x64_buf_len(&g->b)), T);
            x64_alu_mi(&g->b, X64_S16, X64_ADD, m, 0x1234);
            expect(g, "add WORD PTR %s,0x1234 # 0x%" PRIx64, rip(T, x64_buf_len(&g->b)), T);
            x64_movsd_xm(&g->b, r, m);
            expect(g, "movsd xmm%d,QWORD PTR %s # 0x%" PRIx64, r, rip(T, x64_buf_len(&g->b)), T);
            x64_jmp_m(&g->b, m);
            expect(g, "jmp QWORD PTR %s # 0x%" PRIx64, rip(T, x64_buf_len(&g->b)), T);
        }
    check_gen(g, "rip-relative");
    gen_free(g);
}
END_TEST

START_TEST(dis_nops)
{
    static const char *const nops[10] = {
        "", "nop", "xchg ax,ax", "nop DWORD PTR [rax]", "nop DWORD PTR [rax+0x0]",
        "nop DWORD PTR [rax+rax*1+0x0]", "nop WORD PTR [rax+rax*1+0x0]",
        "nop DWORD PTR [rax+0x0]", "nop DWORD PTR [rax+rax*1+0x0]",
        "nop WORD PTR [rax+rax*1+0x0]"};
    Gen *g = gen_new();
    for (size_t n = 1; n <= 9; n++) {
        x64_nop(&g->b, n);
        expect(g, "%s", nops[n]);
    }
    x64_nop(&g->b, 12);
    expect(g, "%s; %s", nops[9], nops[3]);
    x64_nop(&g->b, 0);
    ck_assert_uint_eq(x64_buf_len(&g->b), 45 + 12);
    check_gen(g, "nop");
    gen_free(g);
}
END_TEST

START_TEST(dis_sse)
{
    static const char *const names[] = {"addsd", "subsd", "mulsd", "divsd", "sqrtsd",
                                        "minsd", "maxsd", "ucomisd", "xorpd", "andpd",
                                        "andnpd", "orpd", "movapd"};
    Gen *g = gen_new();
    size_t nm;
    const X64Mem *ms = some_mems(&nm);
    for (int op = X64_ADDSD; op <= X64_MOVAPD; op++)
        for (int d = 0; d < 16; d++) {
            int s = (d * 5 + op) % 16;
            x64_sse_xx(&g->b, op, d, s);
            expect(g, "%s xmm%d,xmm%d", names[op], d, s);
            X64Mem m = ms[(size_t)(d + op) % nm];
            x64_sse_xm(&g->b, op, d, m);
            expect(g, "%s xmm%d,%s PTR %s", names[op], d, op >= X64_XORPD ? "XMMWORD" : "QWORD",
                   mem(m));
        }
    for (int d = 0; d < 16; d++)
        for (int r = 0; r < 16; r++) {
            x64_movsd_xx(&g->b, d, r);
            expect(g, "movsd xmm%d,xmm%d", d, r);
            x64_movq_xr(&g->b, d, r);
            expect(g, "movq xmm%d,%s", d, REG64[r]);
            x64_movq_rx(&g->b, r, d);
            expect(g, "movq %s,xmm%d", REG64[r], d);
            x64_cvtsi2sd(&g->b, d, r);
            expect(g, "cvtsi2sd xmm%d,%s", d, REG64[r]);
            x64_cvttsd2si(&g->b, r, d);
            expect(g, "cvttsd2si %s,xmm%d", REG64[r], d);
            x64_roundsd(&g->b, d, r, (X64Round)(r % 4));
            expect(g, "roundsd xmm%d,xmm%d,0x%x", d, r, 8 + r % 4);
        }
    for (size_t k = 0; k < nm; k++) {
        int x = (int)(k % 16);
        x64_movsd_xm(&g->b, x, ms[k]);
        expect(g, "movsd xmm%d,QWORD PTR %s", x, mem(ms[k]));
        x64_movsd_mx(&g->b, ms[k], x);
        expect(g, "movsd QWORD PTR %s,xmm%d", mem(ms[k]), x);
    }
    check_gen(g, "sse");
    gen_free(g);
}
END_TEST

/* ---- the encoder's error handling ----------------------------------------------------------- */

START_TEST(overflow_never_writes_past)
{
    uint8_t mem[32];
    memset(mem, 0xAB, sizeof mem);
    X64Buf b;
    x64_buf_init(&b, mem, 8); /* bytes 8..31 are a guard */
    x64_movabs(&b, X64_R10, 0x1122334455667788); /* 10 bytes */
    ck_assert(b.overflow);
    ck_assert_uint_le(x64_buf_len(&b), 8);
    x64_mov_rm(&b, X64_S64, X64_RAX, x64_mem_idx(X64_R12, X64_R13, 8, 0x1000));
    ck_assert_ptr_null(x64_jcc32(&b, X64_CC_E, NULL));
    for (size_t i = 8; i < sizeof mem; i++)
        ck_assert_uint_eq(mem[i], 0xAB);
    ck_assert(!x64_buf_ok(&b));
}
END_TEST

START_TEST(invalid_operands_are_flagged)
{
    uint8_t mem[64];
    X64Buf b;
    x64_buf_init(&b, mem, sizeof mem);
    x64_mov_rm(&b, X64_S64, X64_RAX, x64_mem_idx(X64_RAX, X64_RSP, 1, 0));
    ck_assert(b.invalid);
    ck_assert_uint_eq(x64_buf_len(&b), 0); /* nothing half-emitted */
    x64_buf_init(&b, mem, sizeof mem);
    x64_lea(&b, X64_RAX, x64_mem_idx(X64_RAX, X64_RCX, 3, 0));
    ck_assert(b.invalid);
    x64_buf_init(&b, mem, sizeof mem);
    x64_imul_rr(&b, X64_S8, X64_RAX, X64_RCX);
    ck_assert(b.invalid);
    x64_buf_init(&b, mem, sizeof mem);
    x64_mov_rm(&b, X64_S64, X64_RAX, x64_mem_rip(addr_at(mem, 7 + ((int64_t)1 << 31))));
    ck_assert(b.invalid); /* RIP-relative target out of reach */
    x64_buf_init(&b, mem, sizeof mem);
    x64_mov_rm(&b, X64_S64, X64_RAX, (X64Mem){X64_RIP, X64_RCX, 1, 0, mem});
    ck_assert(b.invalid); /* RIP cannot have an index */
    x64_buf_init(&b, mem, sizeof mem);
    x64_jcc8(&b, X64_CC_E, addr_at(mem, 2 + 128)); /* one past rel8's reach */
    ck_assert(b.invalid);
    x64_buf_init(&b, mem, sizeof mem);
    x64_jcc8(&b, X64_CC_E, addr_at(mem, 2 + 127));
    x64_mov_ri32(&b, X64_S8, X64_RSI, 5);
    ck_assert(x64_buf_ok(&b));
}
END_TEST

START_TEST(rel32_patching)
{
    uint8_t mem[64];
    X64Buf b;
    x64_buf_init(&b, mem, sizeof mem);
    uint8_t *f = x64_jmp32(&b, NULL);
    ck_assert_ptr_eq(f, mem + 1);
    ck_assert(x64_patch_rel32(f, mem + 40));
    ck_assert_int_eq(mem[1] | mem[2] << 8, 40 - 5);
    int32_t rel;
    ck_assert(x64_rel32(f, mem, &rel));
    ck_assert_int_eq(rel, -5);
    /* 2^31 bytes beyond the field's end cannot be reached. */
    const uint8_t *far = (const uint8_t *)((uintptr_t)f + 4 + ((uintptr_t)1 << 31));
    ck_assert(!x64_rel32(f, far, &rel));
    ck_assert(x64_rel32(f, (const void *)((uintptr_t)far - 1), &rel));
    ck_assert_int_eq(rel, INT32_MAX);
    ck_assert(!x64_patch_rel32(f, far));
    ck_assert_int_eq(mem[1], 35); /* unchanged */
    uint8_t *f8 = x64_jmp8(&b, NULL);
    ck_assert(x64_patch_rel8(f8, addr_at(f8, 1 - 128)));
    ck_assert_uint_eq(f8[0], 0x80);
    ck_assert(!x64_patch_rel8(f8, addr_at(f8, 1 + 128)));
}
END_TEST

/* ---- generated code, executed --------------------------------------------------------------- */

typedef int64_t (*Fn2)(int64_t, int64_t);
typedef double (*FnD)(double, double);

static MCode mc;
static MCodeArea *area;
static X64Buf eb;

static void exec_begin(void)
{
    mcode_init(&mc, 1 << 20);
    area = mcode_new(&mc, 4096);
    ck_assert_msg(area != NULL, "%s", mc.error);
    size_t avail;
    uint8_t *p = mcode_begin_write(area, &avail);
    ck_assert_ptr_nonnull(p);
    x64_buf_init(&eb, p, avail);
}

/* Commit what was emitted and return its entry point. */
static void *exec_end(void)
{
    uint8_t *entry = eb.start;
    ck_assert(x64_buf_ok(&eb));
    ck_assert(mcode_end_write(area, eb.p));
    return entry;
}

static void exec_done(void) { mcode_free_all(&mc); }

/* f(a, b) = ((a + b) * 3 - (a << 2)) ^ (b >> 1), through several registers
 * including ones that need REX. SysV: a in rdi, b in rsi, result in rax. */
START_TEST(exec_integer_function)
{
    exec_begin();
    X64Buf *b = &eb;
    x64_mov_rr(b, X64_S64, X64_R8, X64_RDI);
    x64_alu_rr(b, X64_S64, X64_ADD, X64_R8, X64_RSI);
    x64_imul_rri(b, X64_S64, X64_R9, X64_R8, 3);
    x64_mov_rr(b, X64_S64, X64_R10, X64_RDI);
    x64_shift_ri(b, X64_S64, X64_SHL, X64_R10, 2);
    x64_alu_rr(b, X64_S64, X64_SUB, X64_R9, X64_R10);
    x64_mov_rr(b, X64_S64, X64_RAX, X64_RSI);
    x64_shift_ri(b, X64_S64, X64_SAR, X64_RAX, 1);
    x64_alu_rr(b, X64_S64, X64_XOR, X64_RAX, X64_R9);
    x64_ret(b);
    Fn2 f = (Fn2)exec_end();
    static const int64_t args[][2] = {{0, 0}, {1, 2}, {-7, 100}, {123456789, -987654321}};
    for (size_t i = 0; i < 4; i++) {
        int64_t a = args[i][0], c = args[i][1];
        int64_t want = ((a + c) * 3 - (int64_t)((uint64_t)a << 2)) ^ (c >> 1);
        ck_assert_int_eq(f(a, c), want);
    }
    exec_done();
}
END_TEST

/* Floor division through cqo/idiv and a loop: sum of (i / b) for i < a,
 * with the frame kept in memory on the stack ([rsp+disp] needs SIB). */
START_TEST(exec_loop_div_memory)
{
    exec_begin();
    X64Buf *b = &eb;
    x64_push(b, X64_R12);
    x64_alu_ri(b, X64_S64, X64_SUB, X64_RSP, 16);
    x64_mov_mi(b, X64_S64, x64_mem(X64_RSP, 8), 0);   /* sum */
    x64_mov_ri(b, X64_R12, 0);                         /* i */
    x64_mov_rr(b, X64_S64, X64_RCX, X64_RSI);          /* divisor */
    uint8_t *head = b->p;
    x64_alu_rr(b, X64_S64, X64_CMP, X64_R12, X64_RDI);
    uint8_t *exit = x64_jcc8(b, X64_CC_GE, NULL);
    x64_mov_rr(b, X64_S64, X64_RAX, X64_R12);
    x64_cqo(b);
    x64_idiv_r(b, X64_S64, X64_RCX);
    x64_alu_mr(b, X64_S64, X64_ADD, x64_mem(X64_RSP, 8), X64_RAX);
    x64_alu_ri(b, X64_S64, X64_ADD, X64_R12, 1);
    x64_jmp32(b, head);
    ck_assert(x64_patch_rel8(exit, b->p));
    x64_mov_rm(b, X64_S64, X64_RAX, x64_mem(X64_RSP, 8));
    x64_alu_ri(b, X64_S64, X64_ADD, X64_RSP, 16);
    x64_pop(b, X64_R12);
    x64_ret(b);
    Fn2 f = (Fn2)exec_end();
    for (int64_t a = 0; a < 50; a += 7)
        for (int64_t d = 1; d < 6; d++) {
            int64_t want = 0;
            for (int64_t i = 0; i < a; i++)
                want += i / d;
            ck_assert_int_eq(f(a, d), want);
        }
    exec_done();
}
END_TEST

/* setcc + movzx + cmov: f(a, b) = (a < b) + 10 * max(a, b). */
START_TEST(exec_setcc_cmov)
{
    exec_begin();
    X64Buf *b = &eb;
    x64_mov_rr(b, X64_S64, X64_R11, X64_RSI);
    x64_alu_rr(b, X64_S64, X64_CMP, X64_RDI, X64_RSI);
    x64_setcc(b, X64_CC_L, X64_RSI); /* sil: needs an empty REX */
    x64_movzx_rr(b, X64_S8, X64_RDX, X64_RSI);
    x64_mov_rr(b, X64_S64, X64_RAX, X64_RDI);
    x64_cmov_rr(b, X64_S64, X64_CC_L, X64_RAX, X64_R11);
    x64_imul_rri(b, X64_S64, X64_RAX, X64_RAX, 10);
    x64_alu_rr(b, X64_S64, X64_ADD, X64_RAX, X64_RDX);
    x64_ret(b);
    Fn2 f = (Fn2)exec_end();
    ck_assert_int_eq(f(1, 2), 21);
    ck_assert_int_eq(f(5, 2), 50);
    ck_assert_int_eq(f(-3, -3), -30);
    exec_done();
}
END_TEST

/* f(x, y) = sqrt(x*x + y*y) - floor(x) (floor via roundsd when the CPU has
 * SSE4.1), with -x through xorpd on a sign mask loaded from memory. */
START_TEST(exec_float_function)
{
    static const double sign_mask[2] __attribute__((aligned(16))) = {-0.0, -0.0};
    exec_begin();
    X64Buf *b = &eb;
    bool sse41 = x64_cpu_has_sse41();
    x64_sse_xx(b, X64_MOVAPD, X64_XMM8, X64_XMM0);
    x64_sse_xx(b, X64_MULSD, X64_XMM8, X64_XMM0);
    x64_movsd_xx(b, X64_XMM9, X64_XMM1);
    x64_sse_xx(b, X64_MULSD, X64_XMM9, X64_XMM1);
    x64_sse_xx(b, X64_ADDSD, X64_XMM8, X64_XMM9);
    x64_sse_xx(b, X64_SQRTSD, X64_XMM8, X64_XMM8);
    if (sse41)
        x64_roundsd(b, X64_XMM2, X64_XMM0, X64_ROUND_FLOOR);
    else
        x64_sse_xx(b, X64_MOVAPD, X64_XMM2, X64_XMM0); /* inputs below are integral */
    x64_sse_xx(b, X64_SUBSD, X64_XMM8, X64_XMM2);
    x64_movabs(b, X64_RAX, (uint64_t)(uintptr_t)sign_mask);
    x64_sse_xm(b, X64_XORPD, X64_XMM8, x64_mem(X64_RAX, 0)); /* negate */
    x64_sse_xm(b, X64_XORPD, X64_XMM8, x64_mem(X64_RAX, 0)); /* and back */
    /* + 0.25, a constant placed after the code and read RIP-relatively */
    uint8_t *load = b->p;
    x64_sse_xm(b, X64_ADDSD, X64_XMM8, x64_mem_rip(load)); /* placeholder */
    x64_movsd_xx(b, X64_XMM0, X64_XMM8);
    x64_ret(b);
    x64_nop(b, (size_t)(-(uintptr_t)b->p & 7));
    uint8_t *konst = b->p;
    double quarter = 0.25;
    ck_assert_int_ge(b->end - b->p, 8);
    memcpy(b->p, &quarter, 8);
    b->p += 8;
    /* re-emit the load now that the constant's address is known */
    X64Buf fix;
    x64_buf_init(&fix, load, (size_t)(konst - load));
    x64_sse_xm(&fix, X64_ADDSD, X64_XMM8, x64_mem_rip(konst));
    ck_assert(x64_buf_ok(&fix));
    FnD f = (FnD)exec_end();
    ck_assert(f(3.0, 4.0) == 5.0 - 3.0 + 0.25);
    if (sse41)
        ck_assert(f(-2.5, 0.0) == 2.5 - -3.0 + 0.25);
    exec_done();
}
END_TEST

static int64_t helper_mul_add(int64_t a, int64_t b) { return a * 1000 + b; }

/* i2f, f2i round trip via memory, and a call to a C helper: by rel32 when
 * the area is near the text, else movabs + call r. */
START_TEST(exec_conversions_and_calls)
{
    exec_begin();
    X64Buf *b = &eb;
    x64_push(b, X64_RBX);                      /* also realigns the stack */
    x64_cvtsi2sd(b, X64_XMM3, X64_RDI);
    x64_movq_rx(b, X64_RBX, X64_XMM3);
    x64_movq_xr(b, X64_XMM4, X64_RBX);
    x64_alu_ri(b, X64_S64, X64_SUB, X64_RSP, 16);
    x64_movsd_mx(b, x64_mem(X64_RSP, 0), X64_XMM4);
    x64_movsd_xm(b, X64_XMM5, x64_mem(X64_RSP, 0));
    x64_alu_ri(b, X64_S64, X64_ADD, X64_RSP, 16);
    x64_cvttsd2si(b, X64_RDI, X64_XMM5);
    if (mcode_reaches(area, (const void *)&helper_mul_add)) {
        x64_call32(b, (const void *)&helper_mul_add);
    } else {
        printf("test_x64: code area is far from the text; calling through a register\n");
        x64_movabs(b, X64_R11, (uint64_t)(uintptr_t)&helper_mul_add);
        x64_call_r(b, X64_R11);
    }
    x64_pop(b, X64_RBX);
    x64_ret(b);
    Fn2 f = (Fn2)exec_end();
    ck_assert_int_eq(f(7, 5), 7005);
    ck_assert_int_eq(f(-12, 3), -11997);
    exec_done();
}
END_TEST

static Suite *x64_suite(void)
{
    Suite *s = suite_create("x64");
    TCase *dis = tcase_create("objdump");
    tcase_set_timeout(dis, 60);
    tcase_add_test(dis, dis_mov_reg_imm);
    tcase_add_test(dis, dis_mov_mem_all_addressing);
    tcase_add_test(dis, dis_mov_mem_sizes);
    tcase_add_test(dis, dis_extend);
    tcase_add_test(dis, dis_alu);
    tcase_add_test(dis, dis_mul_div_shift_unary);
    tcase_add_test(dis, dis_setcc_cmov);
    tcase_add_test(dis, dis_branches);
    tcase_add_test(dis, dis_rip_relative);
    tcase_add_test(dis, dis_nops);
    tcase_add_test(dis, dis_sse);
    suite_add_tcase(s, dis);
    TCase *err = tcase_create("errors");
    tcase_add_test(err, overflow_never_writes_past);
    tcase_add_test(err, invalid_operands_are_flagged);
    tcase_add_test(err, rel32_patching);
    suite_add_tcase(s, err);
    TCase *ex = tcase_create("execute");
    tcase_add_test(ex, exec_integer_function);
    tcase_add_test(ex, exec_loop_div_memory);
    tcase_add_test(ex, exec_setcc_cmov);
    tcase_add_test(ex, exec_float_function);
    tcase_add_test(ex, exec_conversions_and_calls);
    suite_add_tcase(s, ex);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(x64_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_x64: %d passed, %d failed\n", run - failed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

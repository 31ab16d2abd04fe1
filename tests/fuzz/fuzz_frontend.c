/* libFuzzer target: the front end. Any byte string must either compile or
 * give one syntax error; never crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>

#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    State *S = mt_newstate();
    S->mem_limit = 256u << 20;
    TValue *top = S->top;
    (void)mt_loadbuffer(S, (const char *)data, size, "fuzz");
    S->top = top;
    mt_close(S);
    return 0;
}

#include "textflag.h"

// Vector forms of hpass2 and lerp8 (see simd.go). AVX2.

DATA round2048<>+0(SB)/4, $2048
GLOBL round2048<>(SB), RODATA|NOPTR, $4

DATA half128<>+0(SB)/2, $128
GLOBL half128<>(SB), RODATA|NOPTR, $2

// Dword order that undoes the per-lane packing of four 8-pixel blocks.
DATA unpackPerm<>+0(SB)/4, $0
DATA unpackPerm<>+4(SB)/4, $4
DATA unpackPerm<>+8(SB)/4, $1
DATA unpackPerm<>+12(SB)/4, $5
DATA unpackPerm<>+16(SB)/4, $2
DATA unpackPerm<>+20(SB)/4, $6
DATA unpackPerm<>+24(SB)/4, $3
DATA unpackPerm<>+28(SB)/4, $7
GLOBL unpackPerm<>(SB), RODATA|NOPTR, $32

// One 8-pixel block: 16 source bytes from base into both halves, spread
// into [a,0,b,0] dwords, multiplied and summed with (4096-w, w).
#define BLOCK(boff, toff, Y) \
	MOVLQSX boff(BX), AX \
	VBROADCASTI128 (SI)(AX*1), Y \
	VPSHUFB toff(DX), Y, Y \
	VPMADDWD toff+32(DX), Y, Y \
	VPADDD Y15, Y, Y \
	VPSRLD $12, Y, Y

// func hpass2AVX2(dst, src *uint8, base *int32, tab *uint8, groups int)
TEXT ·hpass2AVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ base+16(FP), BX
	MOVQ tab+24(FP), DX
	MOVQ groups+32(FP), CX
	VPBROADCASTD round2048<>(SB), Y15
	VMOVDQU unpackPerm<>(SB), Y14

hloop:
	BLOCK(0, 0, Y0)
	BLOCK(4, 64, Y1)
	BLOCK(8, 128, Y2)
	BLOCK(12, 192, Y3)
	VPACKUSDW Y1, Y0, Y0
	VPACKUSDW Y3, Y2, Y2
	VPACKUSWB Y2, Y0, Y0
	VPERMD Y0, Y14, Y0
	VMOVDQU Y0, (DI)
	ADDQ $32, DI
	ADDQ $16, BX
	ADDQ $256, DX
	DECQ CX
	JNZ hloop
	VZEROUPPER
	RET

// func lerp8AVX2(out, a, b *uint8, chunks int, k0, k1 uint16)
// out = (a*k0 + b*k1 + 128) >> 8 over chunks*32 bytes, 16-bit lanes.
TEXT ·lerp8AVX2(SB), NOSPLIT, $0-36
	MOVQ out+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ chunks+24(FP), CX
	VPBROADCASTW k0+32(FP), Y13
	VPBROADCASTW k1+34(FP), Y14
	VPBROADCASTW half128<>(SB), Y15

lloop:
	VPMOVZXBW (SI), Y0
	VPMOVZXBW 16(SI), Y1
	VPMOVZXBW (DX), Y2
	VPMOVZXBW 16(DX), Y3
	VPMULLW Y13, Y0, Y0
	VPMULLW Y13, Y1, Y1
	VPMULLW Y14, Y2, Y2
	VPMULLW Y14, Y3, Y3
	VPADDW Y2, Y0, Y0
	VPADDW Y3, Y1, Y1
	VPADDW Y15, Y0, Y0
	VPADDW Y15, Y1, Y1
	VPSRLW $8, Y0, Y0
	VPSRLW $8, Y1, Y1
	VPACKUSWB Y1, Y0, Y0
	VPERMQ $0xD8, Y0, Y0
	VMOVDQU Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ lloop
	VZEROUPPER
	RET

package preview

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// The sampler: Ken Burns is an axis-aligned scale and translate, so sampling
// is separable. Per frame, each axis gets a table (axis) of the first source
// index and the fixed-point weights of every output pixel; a row is then a
// horizontal pass over the few source rows it needs (kept in a small ring so
// the next output row reuses them) and one vertical weighted sum per sample,
// all in integer arithmetic with 8-bit intermediate rows.
//
// The kernel is a tent whose half-width is max(1, source px per output px):
// bilinear when enlarging, an area-like filter when shrinking, so fine
// detail does not alias. Geometry is float; weights quantise the position
// to 1/4096 px horizontally and, on the bilinear path, 1/256 px vertically
// (the vertical pass blends eight bytes at a time), far below anything
// visible: TestSmoothPan measures the wobble of a slow pan at 0.05%.

const (
	wBits = 12 // weight fixed point: the weights of a pixel sum to 1<<wBits
	// pkBits: a packed 2-tap entry keeps its weight (0..1<<wBits) in the
	// low pkBits bits.
	pkBits = wBits + 1
)

// axis holds the taps of one frame axis.
type axis struct {
	n     int     // output pixels
	taps  int     // taps per output pixel
	start []int32 // first source index of each output pixel
	w     []int32 // n*taps weights
	// lo, hi bound the output pixels that show any of the source; cov is
	// each pixel's coverage in 1/256 (256 = fully inside the source).
	lo, hi int
	cov    []int32
	// pk packs start<<pkBits | weight of the second tap (0..1<<wBits), for
	// the 2-tap path; maxStart is the largest start.
	pk       []uint32
	maxStart int
	hb       hblocks   // the vector hpass2's tables (simd.go)
	fw       []float64 // scratch
}

// setup fills the axis for n output pixels sampling a source of srcLen
// pixels: output pixel i covers source [off+i*scale, off+(i+1)*scale) in
// pixel-edge units.
//
// It stays one function (complexity above 15, listed in
// .ci/complexity-allow.txt): it runs once per frame and axis, its loops
// fill the tables the per-pixel passes read, and splitting them would pass
// the half-built tables between functions for no clarity gained.
func (a *axis) setup(n, srcLen int, off, scale float64) {
	a.n = n
	if cap(a.start) < n {
		a.start = make([]int32, n)
		a.cov = make([]int32, n)
	}
	a.start = a.start[:n]
	a.cov = a.cov[:n]
	hw := math.Max(scale, 1) // bilinear when enlarging
	taps := max(min(int(math.Ceil(2*hw-1e-9)), srcLen), 1)
	a.taps = taps
	if cap(a.w) < n*taps {
		a.w = make([]int32, n*taps)
	}
	a.w = a.w[:n*taps]
	ntap := int(math.Ceil(2*hw-1e-9)) + 1 // kernel taps before folding
	if cap(a.fw) < max(ntap, taps) {
		a.fw = make([]float64, max(ntap, taps))
	}
	fw := a.fw[:max(ntap, taps)]
	var lo, hi = n, 0
	for i := range n {
		e0 := off + float64(i)*scale
		e1 := e0 + scale
		cov := (math.Min(e1, float64(srcLen)) - math.Max(e0, 0)) / scale
		c := int32(math.Round(math.Max(0, math.Min(1, cov)) * 256))
		a.cov[i] = c
		if c > 0 {
			lo = min(lo, i)
			hi = max(hi, i+1)
		}
		centre := e0 + scale/2 - 0.5 // in pixel-centre units
		first := int(math.Floor(centre-hw)) + 1
		ws := min(max(first, 0), srcLen-taps)
		a.start[i] = int32(ws)
		// Tent weights of the taps first..first+ntap-1, folded into the
		// window [ws, ws+taps) (clamp to edge).
		for k := range taps {
			fw[k] = 0
		}
		sum := 0.0
		for k := range ntap {
			idx := first + k
			d := math.Abs(float64(idx) - centre)
			wt := 1 - d/hw
			if wt <= 0 {
				continue
			}
			j := min(max(idx, ws), ws+taps-1) - ws
			fw[j] += wt
			sum += wt
		}
		ww := a.w[i*taps : (i+1)*taps]
		if sum <= 0 { // cannot happen for a non-empty source; be safe
			fw[0], sum = 1, 1
		}
		total, big := int32(0), 0
		for k := range taps {
			ww[k] = int32(math.Round(fw[k] / sum * (1 << wBits)))
			total += ww[k]
			if ww[k] > ww[big] {
				big = k
			}
		}
		ww[big] += 1<<wBits - total
	}
	if hi < lo {
		lo, hi = 0, 0
	}
	a.lo, a.hi = lo, hi
	if taps == 2 {
		if cap(a.pk) < n {
			a.pk = make([]uint32, n)
		}
		a.pk = a.pk[:n]
		a.maxStart = 0
		for i := range n {
			a.pk[i] = uint32(a.start[i])<<pkBits | uint32(a.w[2*i+1])
			a.maxStart = max(a.maxStart, int(a.start[i]))
		}
	}
	a.hb.build(a, srcLen)
}

// axisFor maps an output axis of n pixels onto a source of srcLen pixels
// through the normalised interval [x, x+w) of the source.
func (a *axis) axisFor(n, srcLen int, x, w float64) {
	scale := w * float64(srcLen) / float64(n)
	a.setup(n, srcLen, x*float64(srcLen), scale)
}

// background is what shows where the photo does not: a constant, or the
// rows of a blurred fill (blurBackground) enlarged vertically through ay as
// they are needed.
type background struct {
	val  uint8
	rows *plane
	ay   *axis
}

func (b background) fill(row []uint8, y, x0, x1 int) {
	if x0 >= x1 {
		return
	}
	if b.rows == nil {
		fillBytes(row[x0:x1], b.val)
		return
	}
	b.rowsTo(row[x0:x1], y, x0, x1)
}

func (b background) at(x, y int) int32 {
	if b.rows == nil {
		return int32(b.val)
	}
	if ay := b.ay; ay.taps == 2 { // lerp8's formula for one pixel, without the calls
		s0 := int(ay.start[y]) * b.rows.stride
		a, c := int32(b.rows.pix[s0+x]), int32(b.rows.pix[s0+b.rows.stride+x])
		al := (ay.w[2*y+1] + 1<<(wBits-9)) >> (wBits - 8)
		return a + ((c-a)*al+128)>>8
	}
	var px [1]uint8
	b.rowsTo(px[:], y, x, x+1)
	return int32(px[0])
}

// rowsTo writes pixels [x0,x1) of output row y of a blurred fill into out,
// with samplePlane's vertical pass.
func (b background) rowsTo(out []uint8, y, x0, x1 int) {
	ay := b.ay
	s0 := int(ay.start[y])
	switch ay.taps {
	case 1:
		copy(out, b.rows.row(s0)[x0:x1])
	case 2:
		vpass2(out, b.rows.row(s0)[x0:x1], b.rows.row(s0 + 1)[x0:x1], uint32(ay.w[2*y+1]))
	default:
		wy := ay.w[y*ay.taps : (y+1)*ay.taps]
		for i := range out {
			var acc uint32
			for k, w := range wy {
				acc += uint32(b.rows.pix[(s0+k)*b.rows.stride+x0+i]) * uint32(w)
			}
			out[i] = uint8((acc + 1<<(wBits-1)) >> wBits)
		}
	}
}

// ring caches horizontally resampled source rows for one worker.
type ring struct {
	rows [][]uint8
	tags []int
}

func (r *ring) reset(slots, width int) {
	if len(r.rows) < slots {
		r.rows = append(r.rows, make([][]uint8, slots-len(r.rows))...)
		r.tags = append(r.tags, make([]int, slots-len(r.tags))...)
	}
	for i := range slots {
		if cap(r.rows[i]) < width {
			r.rows[i] = make([]uint8, width)
		}
		r.rows[i] = r.rows[i][:width]
		r.tags[i] = -1
	}
}

// rowHook post-processes one finished output row (captions, transition
// mixing) while it is still in cache. It is called from several workers at
// once, for distinct rows.
type rowHook func(y int, row []uint8)

// samplePlane draws rows [y0,y1) x columns [x0,x1) of dst from src
// through the axes, with bg outside the source, then calls post (if any)
// on each row. The ring is the worker's scratch. A pixel's value does not
// depend on the clip.
//
// This is the sampler's inner loop (complexity above 15, listed in
// .ci/complexity-allow.txt): the row ring, the vertical taps and the
// background edges are handled in one pass so each output row is written
// once while in cache; the export runs at the encoder's speed because of it.
func samplePlane(dst, src plane, ax, ay *axis, bg background, y0, y1, x0, x1 int, rg *ring, post rowHook) {
	slots := ay.taps
	rg.reset(slots, dst.w)
	rows := make([][]uint8, ay.taps)
	lo, hi := max(ax.lo, x0), min(ax.hi, x1)
	for y := y0; y < y1; y++ {
		out := dst.row(y)
		if y < ay.lo || y >= ay.hi || lo >= hi {
			bg.fill(out, y, x0, x1)
			if post != nil {
				post(y, out)
			}
			continue
		}
		bg.fill(out, y, x0, lo)
		bg.fill(out, y, hi, x1)
		s0 := int(ay.start[y])
		for k := range ay.taps {
			sr := s0 + k
			slot := sr % slots
			if rg.tags[slot] != sr {
				hpass(rg.rows[slot], src.row(sr), ax, lo, hi)
				rg.tags[slot] = sr
			}
			rows[k] = rg.rows[slot]
		}
		wy := ay.w[y*ay.taps : (y+1)*ay.taps]
		switch ay.taps {
		case 1:
			copy(out[lo:hi], rows[0][lo:hi])
		case 2:
			vpass2(out[lo:hi], rows[0][lo:hi], rows[1][lo:hi], uint32(wy[1]))
		case 3:
			vpass3(out[lo:hi], rows[0][lo:hi], rows[1][lo:hi], rows[2][lo:hi], uint32(wy[0]), uint32(wy[1]), uint32(wy[2]))
		default:
			vpassN(out, rows, wy, lo, hi)
		}
		// Blend partly covered edge pixels with the background.
		cy := ay.cov[y]
		if cy < 256 {
			for x := lo; x < hi; x++ {
				blendEdge(out, x, y, cy*ax.cov[x]>>8, bg)
			}
		} else {
			if ax.cov[lo] < 256 {
				blendEdge(out, lo, y, ax.cov[lo], bg)
			}
			if hi-1 > lo && ax.cov[hi-1] < 256 {
				blendEdge(out, hi-1, y, ax.cov[hi-1], bg)
			}
		}
		if post != nil {
			post(y, out)
		}
	}
}

func blendEdge(out []uint8, x, y int, a int32, bg background) {
	b := bg.at(x, y)
	out[x] = uint8(b + ((int32(out[x])-b)*a+128)>>8)
}

// hpass resamples one source row into dst[lo:hi].
func hpass(dst []uint8, src []uint8, ax *axis, lo, hi int) {
	st := ax.start
	w := ax.w
	const round = 1 << (wBits - 1)
	switch ax.taps {
	case 1:
		for i := lo; i < hi; i++ {
			dst[i] = src[st[i]]
		}
	case 2:
		hpass2Fast(dst, src, ax, lo, hi)
	case 3:
		st = st[lo:hi]
		d := dst[lo:hi]
		w = w[3*lo : 3*hi]
		for i := range st {
			s := int(st[i])
			p := src[s : s+3 : s+3]
			ww := w[3*i : 3*i+3 : 3*i+3]
			d[i] = uint8((uint32(p[0])*uint32(ww[0]) + uint32(p[1])*uint32(ww[1]) + uint32(p[2])*uint32(ww[2]) + round) >> wBits)
		}
	default:
		t := ax.taps
		for i := lo; i < hi; i++ {
			s := int(st[i])
			p := src[s : s+t : s+t]
			ww := w[i*t : i*t+t : i*t+t]
			var acc uint32
			for k, v := range p {
				acc += uint32(v) * uint32(ww[k])
			}
			dst[i] = uint8((acc + round) >> wBits)
		}
	}
}

// hpass2 is the bilinear horizontal pass over packed taps (axis.pk). It is
// the hottest loop of the renderer; the source pixels are read without
// bounds checks (30% faster), which is safe because every start is at most
// maxStart, checked against the row here once.
func hpass2(d []uint8, src []uint8, pk []uint32, maxStart int) {
	if len(pk) == 0 {
		return
	}
	if maxStart+2 > len(src) || maxStart < 0 {
		panic("preview: sampler tap outside the source row")
	}
	d = d[:len(pk)]
	base := unsafe.Pointer(unsafe.SliceData(src))
	const m = 1<<pkBits - 1
	const round = 1 << (wBits - 1)
	for i, v := range pk {
		p := (*[2]uint8)(unsafe.Add(base, v>>pkBits))
		a := int32(p[0])
		d[i] = uint8((a<<wBits + (int32(p[1])-a)*int32(v&m) + round) >> wBits)
	}
}

// vpass2 interpolates between two rows; the weight is rounded to 1/256
// (a 1/512 px position error at most).
func vpass2(out, r0, r1 []uint8, w1 uint32) {
	lerp8(out, r0, r1, (w1+(1<<(wBits-9)))>>(wBits-8))
}

func vpass3(out, r0, r1, r2 []uint8, w0, w1, w2 uint32) {
	r0 = r0[:len(out)]
	r1 = r1[:len(out)]
	r2 = r2[:len(out)]
	for i := range out {
		out[i] = uint8((uint32(r0[i])*w0 + uint32(r1[i])*w1 + uint32(r2[i])*w2 + 1<<(wBits-1)) >> wBits)
	}
}

func vpassN(out []uint8, rows [][]uint8, wy []int32, lo, hi int) {
	for i := lo; i < hi; i++ {
		var acc uint32
		for k, r := range rows {
			acc += uint32(r[i]) * uint32(wy[k])
		}
		out[i] = uint8((acc + 1<<(wBits-1)) >> wBits)
	}
}

// lerp8 sets out = a + (b-a)*al/256, rounded, for al in 0..256: eight
// bytes at a time as 16-bit lanes of two uint64 (a*(256-al) + b*al never
// exceeds 16 bits), the rest one by one. Exactly the scalar formula.
func lerp8(out, a, b []uint8, al uint32) {
	n := len(out)
	a = a[:n]
	b = b[:n]
	if al == 0 {
		copy(out, a)
		return
	}
	i := 0
	if simd.Load() {
		i = lerp8Vec(out, a, b, al)
	}
	const m = 0x00FF00FF00FF00FF
	const half = 0x0080008000800080
	k1, k0 := uint64(al), uint64(256-al)
	for ; i+8 <= n; i += 8 {
		va := binary.LittleEndian.Uint64(a[i:])
		vb := binary.LittleEndian.Uint64(b[i:])
		lo := ((va&m)*k0 + (vb&m)*k1 + half) >> 8 & m
		hi := (((va>>8)&m)*k0 + ((vb>>8)&m)*k1 + half) &^ m
		binary.LittleEndian.PutUint64(out[i:], lo|hi)
	}
	for ; i < n; i++ {
		x := int32(a[i])
		out[i] = uint8(x + ((int32(b[i])-x)*int32(al)+128)>>8)
	}
}

// lerpConst8 sets out = a + (c-a)*al/256 like lerp8 with a constant b.
func lerpConst8(out, a []uint8, c uint8, al uint32) {
	n := len(out)
	a = a[:n]
	const m = 0x00FF00FF00FF00FF
	const half = 0x0080008000800080
	k1, k0 := uint64(al), uint64(256-al)
	cb := uint64(c) * 0x0001000100010001 * k1
	i := 0
	for ; i+8 <= n; i += 8 {
		va := binary.LittleEndian.Uint64(a[i:])
		lo := ((va&m)*k0 + cb + half) >> 8 & m
		hi := (((va>>8)&m)*k0 + cb + half) &^ m
		binary.LittleEndian.PutUint64(out[i:], lo|hi)
	}
	for ; i < n; i++ {
		x := int32(a[i])
		out[i] = uint8(x + ((int32(c)-x)*int32(al)+128)>>8)
	}
}

// resizePlane resamples all of src to a new w x h plane (used once per
// source, never per frame).
func resizePlane(src plane, w, h int) plane {
	if src.w == w && src.h == h {
		return src // the sampler would copy it exactly
	}
	dst := newPlane(w, h)
	var ax, ay axis
	ax.axisFor(w, src.w, 0, 1)
	ay.axisFor(h, src.h, 0, 1)
	var rg ring
	samplePlane(dst, src, &ax, &ay, background{}, 0, h, 0, w, &rg, nil)
	return dst
}

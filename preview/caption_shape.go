package preview

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// Captions are shaped with go-text/typesetting (the HarfBuzz port Fyne
// uses): each paragraph is split by bidi level, script and font of the
// stack, shaped (Arabic joining, ligatures, marks, kerning), wrapped at
// UAX #14 break opportunities (so CJK text without spaces wraps too), and
// its runs are drawn in visual order, right-to-left runs right to left.

// capLayout is a shaped caption: lines of runs in visual order.
type capLayout struct {
	lines  []shaping.Line
	widths []fixed.Int26_6
	ascent fixed.Int26_6 // largest ascent of any run (baseline below a line's top)
	lineH  int
}

// layoutCaption shapes text at px pixels and wraps it to maxW.
func layoutCaption(fs *faceSet, text string, px float64, maxW fixed.Int26_6) capLayout {
	var (
		lay    capLayout
		seg    shaping.Segmenter
		shaper shaping.HarfbuzzShaper
		wrap   shaping.LineWrapper
		desc   fixed.Int26_6
		gap    fixed.Int26_6
	)
	size := fixed.Int26_6(math.Round(px * 64))
	for para := range strings.SplitSeq(text, "\n") {
		runes := []rune(strings.Join(strings.Fields(para), " "))
		if len(runes) == 0 {
			continue
		}
		dir := paragraphDirection(runes)
		in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: dir, Face: fs.face(0), Size: size}
		var outs []shaping.Output
		for _, run := range seg.Split(in, fs) {
			out := shaper.Shape(run)
			lay.ascent = max(lay.ascent, out.LineBounds.Ascent)
			desc = min(desc, out.LineBounds.Descent)
			gap = max(gap, out.LineBounds.Gap)
			outs = append(outs, out)
		}
		wrap.Prepare(shaping.WrapConfig{Direction: dir}, runes, shaping.NewSliceIterator(outs))
		for {
			wl, done := wrap.WrapNextLineF(maxW)
			if len(wl.Line) > 0 {
				lay.addLine(wl.Line)
			}
			if done {
				break
			}
		}
	}
	lay.lineH = (lay.ascent - desc + gap).Ceil()
	return lay
}

// addLine keeps a copy of a wrapped line (the wrapper reuses its slice),
// sorted into visual order, and its width.
func (lay *capLayout) addLine(ln shaping.Line) {
	ln = slices.Clone(ln)
	slices.SortFunc(ln, func(a, b shaping.Output) int { return int(a.VisualIndex - b.VisualIndex) })
	var w fixed.Int26_6
	for _, run := range ln {
		w += run.Advance
	}
	lay.lines = append(lay.lines, ln)
	lay.widths = append(lay.widths, w)
}

// draw rasterises the lines centred into dst, the first line's top at top.
func (lay *capLayout) draw(dst *image.Alpha, px float64, top int) {
	r := render.Renderer{FontSize: float32(px), PixScale: 1, Color: color.Alpha{A: 255}}
	W := fixed.I(dst.Rect.Dx())
	for i, ln := range lay.lines {
		x := ((W - lay.widths[i]) / 2).Round()
		y := (fixed.I(top+i*lay.lineH) + lay.ascent).Round()
		for _, run := range ln {
			x = r.DrawShapedRunAt(run, dst, x, y)
		}
	}
}

// paragraphDirection is the direction of the first strong character
// (Unicode bidi rule P2): right-to-left for Arabic and Hebrew.
func paragraphDirection(runes []rune) di.Direction {
	for _, r := range runes {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return di.DirectionLTR
		case bidi.R, bidi.AL:
			return di.DirectionRTL
		}
	}
	return di.DirectionLTR
}

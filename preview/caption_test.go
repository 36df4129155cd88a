package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-text/typesetting/di"
	"github.com/slidereel/slidereel/project"
	"golang.org/x/image/math/fixed"
)

// The captions of issue 13, one script each; the packages .ci/setup
// installs for them are named in needFonts' message.
var scriptCaptions = []string{"東京の夜", "서울", "مرحبا", "Party 🎉"}

// missingRune is in no font (plane 16 private use): drawn as .notdef.
const missingRune = '\U0010FFFD'

// needFonts checks that fontconfig knows a font for every rune of text
// outside Go Bold: skip without one, fail under CI=true.
func needFonts(t *testing.T, text string) {
	t.Helper()
	stack, err := captionFonts()
	if err != nil {
		t.Fatal(err)
	}
	miss := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + " (install fontconfig fonts-dejavu-core fonts-wqy-microhei fonts-symbola: .ci/setup)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := exec.LookPath("fc-list"); err != nil {
		miss("fontconfig's fc-list not found")
	}
	for _, r := range text {
		if _, ok := stack.goBold.NominalGlyph(r); ok || r == ' ' {
			continue
		}
		out, _ := exec.Command("fc-list", fmt.Sprintf(":charset=%x", r), "file").Output()
		if len(bytes.TrimSpace(out)) == 0 {
			miss("no installed font has %q (U+%04X)", r, r)
		}
	}
}

func capMaskOf(t *testing.T, text string) *capMask {
	t.Helper()
	m := rasterCaption(text, project.CaptionStyle{}, 320, 180)
	if m == nil {
		t.Fatalf("%q: no caption mask", text)
	}
	return m
}

// ink counts the pixels of a mask above thr.
func ink(a []byte, thr byte) (n int) {
	for _, v := range a {
		if v > thr {
			n++
		}
	}
	return n
}

// TestCaptionFallbackFonts: every rune of the CJK, Hangul, Arabic and emoji
// captions comes from a fallback font and draws ink that is not the
// .notdef box, alone and in its caption.
func TestCaptionFallbackFonts(t *testing.T) {
	stack, err := captionFonts()
	if err != nil {
		t.Fatal(err)
	}
	box := capMaskOf(t, string(missingRune))
	if ink(box.text, 0) == 0 {
		t.Fatal("the .notdef box drew nothing: the comparison below would prove nothing")
	}
	for _, text := range scriptCaptions {
		needFonts(t, text)
		runes := []rune(text)
		boxes := capMaskOf(t, strings.Repeat(string(missingRune), len(runes)))
		if m := capMaskOf(t, text); bytes.Equal(m.text, boxes.text) || ink(m.text, 128) == 0 {
			t.Errorf("%q draws like %d .notdef boxes (or nothing)", text, len(runes))
		}
		for _, r := range runes {
			if r == ' ' || (r < 0x80) {
				continue
			}
			if i := stack.fontFor(r); i == 0 {
				t.Errorf("%q: U+%04X resolved to Go Bold, which lacks it", text, r)
			}
			g := capMaskOf(t, string(r))
			// Solid ink: the .notdef box is a hairline (no pixel above 128 here).
			if ink(g.text, 128) == 0 || bytes.Equal(g.text, box.text) {
				t.Errorf("%q: U+%04X draws no glyph (ink %d, same as .notdef: %v)", text, r, ink(g.text, 128), bytes.Equal(g.text, box.text))
			}
		}
	}
}

// TestCaptionArabicRightToLeft: the first letter of an Arabic word is
// drawn rightmost, the last leftmost, and its letters join (the shaped
// word is narrower than its isolated letters side by side).
func TestCaptionArabicRightToLeft(t *testing.T) {
	const word = "مرحبا"
	needFonts(t, word)
	stack, _ := captionFonts()
	lay := layoutCaption(&faceSet{st: stack}, word, 40, 1<<20)
	if len(lay.lines) != 1 || len(lay.lines[0]) != 1 {
		t.Fatalf("want one line of one run, got %d lines", len(lay.lines))
	}
	run := lay.lines[0][0]
	if run.Direction != di.DirectionRTL {
		t.Fatalf("run direction %v, want right to left", run.Direction)
	}
	// render draws a run's glyphs left to right in slice order.
	xs := map[int]int{}
	x := 0
	for _, g := range run.Glyphs {
		xs[g.TextIndex()] = x
		x += int(g.Advance)
	}
	if first, last := xs[0], xs[len([]rune(word))-1]; first <= last {
		t.Errorf("first letter at x=%d, last at x=%d: not right to left", first, last)
	}
	var sep int
	for _, r := range word {
		sep += layoutCaption(&faceSet{st: stack}, string(r), 40, 1<<20).widths[0].Round()
	}
	if joined := lay.widths[0].Round(); joined >= sep {
		t.Errorf("joined width %d >= isolated letters %d: no Arabic shaping", joined, sep)
	}
}

// TestGoldenCaptionScripts renders the four captions, one tile each, and
// compares the sheet with its golden image. The golden was drawn with the
// fonts .ci/setup installs; with other fonts chosen by fontconfig it is
// skipped (failed under CI=true).
func TestGoldenCaptionScripts(t *testing.T) {
	for _, text := range scriptCaptions {
		needFonts(t, text)
	}
	stack, _ := captionFonts()
	for _, r := range "東서م🎉" {
		stack.mu.Lock()
		i := stack.runes[r]
		stack.mu.Unlock()
		if i == 0 {
			i = stack.fontFor(r)
		}
		var file string
		for ref, j := range stack.loaded {
			if j == i {
				file = filepath.Base(ref.path)
			}
		}
		if !strings.HasPrefix(file, "wqy-microhei") && !strings.HasPrefix(file, "DejaVuSans-Bold") && !strings.HasPrefix(file, "Symbola") {
			if os.Getenv("CI") == "true" {
				t.Fatalf("U+%04X from %s, not the fonts .ci/setup installs", r, file)
			}
			t.Skipf("U+%04X from %s: the golden needs the fonts .ci/setup installs", r, file)
		}
	}
	a := writePNG(t, filepath.Join(t.TempDir(), "a.png"), testPhoto(320, 180, 31))
	const w, h = 160, 90
	sheet := image.NewRGBA(image.Rect(0, 0, w, h*len(scriptCaptions)))
	for k, text := range scriptCaptions {
		p := testProject(w, h, a)
		p.Slides[0].Caption = text
		p.Caption.Size = 0.15
		tl := p.Timeline(project.MediaDurations{})
		r := New(p, tl, Options{Quality: Final})
		tile := renderRGBA(t, r, tl.Frames/2, w, h)
		r.Close()
		draw.Draw(sheet, tile.Rect.Add(image.Pt(0, h*k)), tile, image.Point{}, draw.Src)
	}
	checkGolden(t, "caption-scripts", sheet)
}

// BenchmarkCaptionRaster measures the one-time rasterisation of a caption
// at 1080p (frames only composite the cached mask): a Latin caption (Go
// Bold only) as the reference, a CJK one with the fallback fonts already
// resolved, and the same with a fresh font stack, so every rune Go Bold
// lacks costs an fc-match and the font file is read again. The ratios are
// to the Latin caption measured in the same run.
func BenchmarkCaptionRaster(b *testing.B) {
	const latin, cjk = "Summer by the lake", "東京の夜、夏の湖"
	stack, err := captionFonts()
	if err != nil {
		b.Fatal(err)
	}
	var ref float64
	run := func(name string, f func()) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				f()
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if ref == 0 {
				ref = ns
			}
			b.ReportMetric(ns/ref, "x-latin")
		})
	}
	run("latin", func() { rasterCaption(latin, project.CaptionStyle{}, 1920, 1080) })
	run("cjk-warm", func() { rasterCaption(cjk, project.CaptionStyle{}, 1920, 1080) })
	run("cjk-cold-layout", func() {
		fresh, _ := newFontStack(stack.lookup)
		layoutCaption(&faceSet{st: fresh}, cjk, 65, fixed.I(1728))
	})
}

// TestCaptionConcurrent: renderers rasterise captions from several
// goroutines (preview and export); they share the font stack and must get
// the pixels a lone call gets.
func TestCaptionConcurrent(t *testing.T) {
	for _, text := range scriptCaptions {
		needFonts(t, text)
	}
	want := make([][]byte, len(scriptCaptions))
	for i, text := range scriptCaptions {
		want[i] = capMaskOf(t, text).text
	}
	var wg sync.WaitGroup
	errs := make(chan string, 6*len(scriptCaptions))
	for range 4 {
		for i, text := range scriptCaptions {
			wg.Go(func() {
				if m := rasterCaption(text, project.CaptionStyle{}, 320, 180); m == nil || !bytes.Equal(m.text, want[i]) {
					errs <- text
				}
			})
		}
	}
	// A fresh stack: fontconfig lookups and font loads race each other.
	stack, _ := captionFonts()
	fresh, err := newFontStack(stack.lookup)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, text := range scriptCaptions {
			wg.Go(func() {
				a := layoutCaption(&faceSet{st: fresh}, text, 40, 1<<20)
				b := layoutCaption(&faceSet{st: stack}, text, 40, 1<<20)
				if len(a.widths) != 1 || len(b.widths) != 1 || a.widths[0] != b.widths[0] {
					errs <- text + " (fresh stack)"
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for text := range errs {
		t.Errorf("%q: concurrent rasterisation differs", text)
	}
}

// TestCaptionFontFingerprint: a caption Go Bold covers has no fallback
// fingerprint; one that needs a fallback names that font file by path,
// size and mtime, so a font file replaced on disk (seen by a new font
// stack, as a new process sees it) changes it.
func TestCaptionFontFingerprint(t *testing.T) {
	const cjk = "東京の夜"
	needFonts(t, cjk)
	if fp := CaptionFontFingerprint("Summer by the lake\n\tagain"); fp != "" {
		t.Errorf("Latin caption: fingerprint %q, want none", fp)
	}
	stack, _ := captionFonts()
	ref, ok := stack.lookup('東', false)
	if !ok {
		t.Fatal("fontconfig names no font for 東")
	}
	data, err := os.ReadFile(ref.path)
	if err != nil {
		t.Fatal(err)
	}
	font := filepath.Join(t.TempDir(), "fallback"+filepath.Ext(ref.path))
	if err := os.WriteFile(font, data, 0o644); err != nil {
		t.Fatal(err)
	}
	lookup := func(rune, bool) (fontRef, bool) { return fontRef{font, ref.index}, true }
	fingerprint := func() string {
		s, err := newFontStack(lookup)
		if err != nil {
			t.Fatal(err)
		}
		return s.fingerprint(cjk)
	}
	first := fingerprint()
	if !strings.Contains(first, font) || !strings.Contains(first, fmt.Sprint(len(data))) {
		t.Fatalf("fingerprint %q does not name %s and its size", first, font)
	}
	if again := fingerprint(); again != first {
		t.Errorf("same font, fingerprints %q and %q", first, again)
	}
	if err := os.Chtimes(font, time.Unix(1e9, 0), time.Unix(1e9, 0)); err != nil {
		t.Fatal(err)
	}
	if again := fingerprint(); again == first {
		t.Errorf("font file touched, fingerprint unchanged: %q", again)
	}
	if got := CaptionFontFingerprint(cjk); got == "" || got != CaptionFontFingerprint(cjk+" "+cjk) {
		t.Errorf("installed fallback: fingerprints %q and %q, want equal and not empty", got, CaptionFontFingerprint(cjk+" "+cjk))
	}
}

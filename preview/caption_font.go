package preview

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gfont "github.com/go-text/typesetting/font"
	"golang.org/x/image/font/gofont/gobold"
)

// The caption font stack: the embedded Go Bold first, then, for each rune
// Go Bold lacks, the font fontconfig names as the best bold, preferably
// monochrome face covering that rune (fc-match ':charset=XXXX'). Fonts are
// read once per process and shared; the rune-to-font answers are cached.
// Both are bounded: at most maxFallbackFonts font files and maxRuneCache
// answers (the answers are dropped, not the fonts, when it fills). Without
// fontconfig, or when no installed font has a rune, the rune is drawn with
// Go Bold's .notdef box.

const (
	maxFallbackFonts = 12
	maxRuneCache     = 4096
)

// fontRef names one face of a font file (index > 0 inside a collection).
type fontRef struct {
	path  string
	index int
}

type fontStack struct {
	goBold *gfont.Font // fonts[0], read without the lock
	mu     sync.Mutex
	fonts  []*gfont.Font   // [0] Go Bold, then fallbacks in load order
	files  []string        // fonts[i]'s file as read: path, face, size, mtime ("" for Go Bold)
	loaded map[fontRef]int // index into fonts, -1 if the file could not be used
	runes  map[rune]int    // index into fonts, 0 when no font has the rune
	lookup func(r rune, colour bool) (fontRef, bool)
}

var (
	stackOnce sync.Once
	capStack  *fontStack
	stackErr  error
)

// captionFonts returns the process-wide caption font stack.
func captionFonts() (*fontStack, error) {
	stackOnce.Do(func() { capStack, stackErr = newFontStack(fontconfigLookup) })
	return capStack, stackErr
}

func newFontStack(lookup func(rune, bool) (fontRef, bool)) (*fontStack, error) {
	face, err := gfont.ParseTTF(bytes.NewReader(gobold.TTF))
	if err != nil {
		return nil, fmt.Errorf("embedded Go Bold font: %w", err)
	}
	return &fontStack{
		goBold: face.Font,
		fonts:  []*gfont.Font{face.Font},
		files:  []string{""},
		loaded: map[fontRef]int{},
		runes:  map[rune]int{},
		lookup: lookup,
	}, nil
}

// fontFor returns the index of the font that draws r.
func (s *fontStack) fontFor(r rune) int {
	if _, ok := s.goBold.NominalGlyph(r); ok {
		return 0
	}
	s.mu.Lock()
	i, ok := s.runes[r]
	s.mu.Unlock()
	if ok {
		return i
	}
	i = s.resolve(r, false)
	if i == 0 {
		i = s.resolve(r, true)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.runes) >= maxRuneCache {
		clear(s.runes)
	}
	s.runes[r] = i
	return i
}

// resolve asks the lookup for a font for r (monochrome only unless colour)
// and returns its index if it has r, else 0.
func (s *fontStack) resolve(r rune, colour bool) int {
	ref, ok := s.lookup(r, colour) // outside the lock: it runs fc-match
	if !ok {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.load(ref); j > 0 {
		if _, has := s.fonts[j].NominalGlyph(r); has {
			return j
		}
	}
	return 0
}

// load reads the font ref names once; it returns its index in s.fonts or
// -1 (unreadable, or the bound is reached). s.mu is held.
func (s *fontStack) load(ref fontRef) int {
	if i, ok := s.loaded[ref]; ok {
		return i
	}
	if len(s.fonts) > maxFallbackFonts {
		return -1
	}
	i := -1
	st, serr := os.Stat(ref.path)
	if data, err := os.ReadFile(ref.path); err == nil && serr == nil {
		if faces, err := gfont.ParseTTC(bytes.NewReader(data)); err == nil && ref.index < len(faces) {
			s.fonts = append(s.fonts, faces[ref.index].Font)
			s.files = append(s.files, fmt.Sprintf("%s#%d:%d:%d", ref.path, ref.index, len(data), st.ModTime().UnixNano()))
			i = len(s.fonts) - 1
		}
	}
	s.loaded[ref] = i
	return i
}

// font returns font i (fonts only grow, so i stays valid).
func (s *fontStack) font(i int) *gfont.Font {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fonts[i]
}

// CaptionFontFingerprint identifies the fallback font files a caption of
// text is drawn with: one line per file (path, face index, size and
// modification time as it was read), in a fixed order; "" when Go Bold
// has every rune (or no installed font has the ones it lacks). The
// caption style does not choose fonts. Installing, removing or updating a
// font changes the answer of a later process as it changes the pixels
// (within one process the fonts and the rune answers are read once, for
// drawing and for this alike), so a cache of rendered frames keyed on it
// is not reused across a font change. The answers are the renderer's
// cached ones: only runes not seen before cost a fontconfig lookup, which
// drawing the caption would make anyway.
func CaptionFontFingerprint(text string) string {
	stack, err := captionFonts()
	if err != nil {
		return ""
	}
	return stack.fingerprint(text)
}

func (s *fontStack) fingerprint(text string) string {
	var used []int
	// The runes the shaper sees: whitespace other than spaces is dropped.
	for _, r := range strings.Join(strings.Fields(text), " ") {
		if i := s.fontFor(r); i > 0 && !slices.Contains(used, i) {
			used = append(used, i)
		}
	}
	if len(used) == 0 {
		return ""
	}
	s.mu.Lock()
	lines := make([]string, len(used))
	for k, i := range used {
		lines[k] = s.files[i]
	}
	s.mu.Unlock()
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// fontconfigLookup asks fontconfig for the best bold face covering r
// among monochrome (outline) fonts, or among all with colour. fc-match
// always names a font; the caller checks that it has r.
func fontconfigLookup(r rune, colour bool) (fontRef, bool) {
	pat := fmt.Sprintf(":charset=%x:weight=bold", r)
	if !colour {
		pat += ":color=false"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "fc-match", "-f", "%{file}\t%{index}", pat).Output()
	if err != nil {
		return fontRef{}, false
	}
	path, idx, ok := strings.Cut(strings.TrimSpace(string(out)), "\t")
	n, err := strconv.Atoi(idx)
	return fontRef{path, n}, ok && path != "" && err == nil
}

// faceSet is one rasterisation's view of the stack: go-text Faces are not
// safe for concurrent use, so each caption makes its own over the shared
// fonts. It is the shaper's Fontmap.
type faceSet struct {
	st    *fontStack
	faces []*gfont.Face
}

func (fs *faceSet) face(i int) *gfont.Face {
	for len(fs.faces) <= i {
		fs.faces = append(fs.faces, nil)
	}
	if fs.faces[i] == nil {
		fs.faces[i] = gfont.NewFace(fs.st.font(i))
	}
	return fs.faces[i]
}

// ResolveFace implements shaping.Fontmap: the first face of the stack that
// has a glyph for r (Go Bold when none has).
func (fs *faceSet) ResolveFace(r rune) *gfont.Face { return fs.face(fs.st.fontFor(r)) }

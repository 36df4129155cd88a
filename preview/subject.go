package preview

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"runtime"
	"sync"

	pigo "github.com/esimov/pigo/core"
	"github.com/muesli/smartcrop"
	"golang.org/x/image/draw"

	"github.com/slidereel/slidereel/assets"
	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/internal/nice"
	"github.com/slidereel/slidereel/internal/stamp"
	"github.com/slidereel/slidereel/project"
)

// SubjectKind says how a photo's subject was found.
type SubjectKind string

// Subject kinds.
const (
	// SubjectNone: no clear subject; the motion stays centred.
	SubjectNone SubjectKind = "none"
	// SubjectFace: one or more faces (pigo), with room around them.
	SubjectFace SubjectKind = "face"
	// SubjectSalient: the most detailed, saturated, skin-toned region
	// (smartcrop), clearly more so than the photo as a whole.
	SubjectSalient SubjectKind = "salient"
)

// Subject is what subject detection found in a photo.
type Subject struct {
	Kind SubjectKind
	// Rect is the subject normalised to the oriented photo (zero for
	// SubjectNone).
	Rect project.Rect
}

// Found reports whether the photo has a clear subject.
func (s Subject) Found() bool { return s.Kind == SubjectFace || s.Kind == SubjectSalient }

// RectPtr returns the subject's rect, or nil without a clear subject (what
// project.MotionForSubject takes).
func (s Subject) RectPtr() *project.Rect {
	if !s.Found() {
		return nil
	}
	r := s.Rect
	return &r
}

// detectSize is the size of the copy of a photo detection looks at.
const detectSize = 512

// MaxSubjects bounds the subject cache: results are a few dozen bytes, so
// a 2000-photo show is detected once per session.
const MaxSubjects = 4096

// subjects is the process-wide subject cache the preview and the export
// share, so both show the same motion.
var subjects = newSubjectCache(MaxSubjects)

// DetectSubject returns the subject of the photo at path: faces first,
// else a salient region, else SubjectNone. Each photo's content is
// detected once (the result is cached by a hash of the file, looked up by
// path and file stamp, see internal/stamp); concurrent calls for one photo
// wait for the same detection.
func DetectSubject(ctx context.Context, path string) (Subject, error) {
	return subjects.get(ctx, path)
}

// CachedSubject returns the subject of the photo at path if it has been
// detected (and the file has not changed since), without waiting.
func CachedSubject(path string) (Subject, bool) { return subjects.cached(path) }

// DetectSubjectAsync detects the photo's subject on a new goroutine and
// calls done there with the result (at once for a cached one).
func DetectSubjectAsync(ctx context.Context, path string, done func(Subject, error)) {
	go func() {
		s, err := DetectSubject(ctx, path)
		if done != nil {
			done(s, err)
		}
	}()
}

type statKey struct {
	path string
	stamp.Stamp
}

type subjectCache struct {
	mu     sync.Mutex
	byStat *lru.Cache[statKey, Subject]
	byHash *lru.Cache[[32]byte, Subject] // the same photo under another path or time
	// detect is the detection (replaceable in tests).
	detect func(ctx context.Context, path string) (Subject, error)
	runs   int // detections run, for tests
}

// newSubjectCache keeps the subjects of at most max photos.
func newSubjectCache(max int) *subjectCache {
	return &subjectCache{
		byStat: lru.New[statKey, Subject](int64(max), nil), byHash: lru.New[[32]byte, Subject](int64(max), nil),
		detect: detectSubject,
	}
}

func statOf(path string) (statKey, error) {
	stp, _, err := stamp.Stat(path)
	if err != nil {
		return statKey{}, srcErr(path, err)
	}
	return statKey{path: path, Stamp: stp}, nil
}

func (c *subjectCache) cached(path string) (Subject, bool) {
	k, err := statOf(path)
	if err != nil {
		return Subject{}, false
	}
	return c.byStat.Get(k)
}

func (c *subjectCache) get(ctx context.Context, path string) (Subject, error) {
	k, err := statOf(path)
	if err != nil {
		return Subject{}, err
	}
	// Concurrent gets of one photo detect it once.
	return c.byStat.Load(ctx, k, func(ctx context.Context) (Subject, int64, error) {
		s, err := c.fill(ctx, k)
		return s, 1, err
	})
}

// detectPool runs subject detection and the hashing before it at nice 15
// on at most min(cores, 4) threads: the scheduler then gives it the CPU
// the renderer and the UI leave, so opening a project or playing it is not
// slowed by the detections it starts, and a detection something waits for
// (the export, Frame the Subject) still runs at full speed on an idle
// machine.
var detectPool = nice.NewPool(15, min(max(runtime.NumCPU(), 1), 4))

// fill hashes the file and detects its subject (for get) unless the same content
// was detected under another path or time.
func (c *subjectCache) fill(ctx context.Context, k statKey) (Subject, error) {
	var h [32]byte
	var err error
	detectPool.Run(func() { h, err = hashFile(k.path) })
	if err != nil {
		return Subject{}, err
	}
	if s, ok := c.byHash.Get(h); ok {
		return s, nil
	}
	c.mu.Lock()
	c.runs++
	c.mu.Unlock()
	var s Subject
	detectPool.Run(func() { s, err = c.detect(ctx, k.path) })
	if err != nil {
		return Subject{}, err
	}
	c.byHash.Add(h, s, 1)
	return s, nil
}

func hashFile(path string) ([32]byte, error) {
	var h [32]byte
	f, err := os.Open(path)
	if err != nil {
		return h, srcErr(path, err)
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return h, srcErr(path, err)
	}
	copy(h[:], sum.Sum(nil))
	return h, nil
}

// detectSubject finds the subject in a copy of the photo at most
// detectSize pixels across.
func detectSubject(ctx context.Context, path string) (Subject, error) {
	img, err := Thumbnail(ctx, path, detectSize, detectSize)
	if err != nil {
		var se *SourceError
		if errors.As(err, &se) {
			return Subject{}, err
		}
		return Subject{}, srcErr(path, err)
	}
	return SubjectOf(img), nil
}

// SubjectOf finds the subject of an oriented image: faces, else a salient
// region, else SubjectNone.
func SubjectOf(img image.Image) Subject {
	if r, ok := findFaces(img); ok {
		return Subject{Kind: SubjectFace, Rect: r}
	}
	if r, ok := findSalient(img); ok {
		return Subject{Kind: SubjectSalient, Rect: r}
	}
	return Subject{Kind: SubjectNone}
}

var (
	cascadeOnce sync.Once
	cascade     *pigo.Pigo
	cascadeErr  error
)

// faceQuality is the least pigo score taken for a face (its examples use 5).
const faceQuality = 5.0

// findFaces returns the union of the clearly detected faces, widened to
// take in the head and shoulders.
func findFaces(img image.Image) (project.Rect, bool) {
	cascadeOnce.Do(func() {
		cascade, cascadeErr = pigo.NewPigo().Unpack(assets.FaceCascade)
	})
	if cascadeErr != nil {
		return project.Rect{}, false
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dets := cascade.RunCascade(pigo.CascadeParams{
		MinSize: 20, MaxSize: max(w, h), ShiftFactor: 0.12, ScaleFactor: 1.15,
		ImageParams: pigo.ImageParams{Pixels: grey(img), Rows: h, Cols: w, Dim: w},
	}, 0)
	dets = cascade.ClusterDetections(dets, 0.2)
	best := float32(0)
	for _, d := range dets {
		best = max(best, d.Q)
	}
	if best < faceQuality {
		return project.Rect{}, false
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, d := range dets {
		if d.Q < faceQuality || d.Q < best/2 {
			continue
		}
		s := float64(d.Scale)
		x0, x1 = math.Min(x0, float64(d.Col)-0.75*s), math.Max(x1, float64(d.Col)+0.75*s)
		y0, y1 = math.Min(y0, float64(d.Row)-0.7*s), math.Max(y1, float64(d.Row)+0.9*s)
	}
	return normRect(x0, y0, x1, y1, w, h), true
}

func normRect(x0, y0, x1, y1 float64, w, h int) project.Rect {
	x0, y0 = math.Max(0, x0), math.Max(0, y0)
	x1, y1 = math.Min(float64(w), x1), math.Min(float64(h), y1)
	return project.Rect{X: x0 / float64(w), Y: y0 / float64(h), W: (x1 - x0) / float64(w), H: (y1 - y0) / float64(h)}
}

func grey(img image.Image) []uint8 {
	b := img.Bounds()
	px := make([]uint8, b.Dx()*b.Dy())
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			px[i] = uint8((299*r + 587*g + 114*bb) / 1000 >> 8)
			i++
		}
	}
	return px
}

// Saliency: smartcrop picks the best crop of 90-100% of what it is given;
// asking again inside its answer narrows in on the salient region.
const (
	salientRounds = 12
	// salientContrast is how much more detail and colour per pixel the
	// region must have than the photo for it to count as a subject.
	salientContrast = 1.6
)

type xResizer struct{}

func (xResizer) Resize(img image.Image, w, h uint) image.Image {
	b := img.Bounds()
	if h == 0 {
		h = uint(math.Max(1, math.Round(float64(w)*float64(b.Dy())/float64(b.Dx()))))
	}
	if w == 0 {
		w = uint(math.Max(1, math.Round(float64(h)*float64(b.Dx())/float64(b.Dy()))))
	}
	dst := image.NewRGBA(image.Rect(0, 0, int(w), int(h)))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// salientSize is the size of the copy saliency looks at.
const salientSize = 256

func findSalient(img image.Image) (project.Rect, bool) {
	b := img.Bounds()
	w, h := fitSize(b.Dx(), b.Dy(), salientSize, salientSize)
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(rgba, rgba.Bounds(), img, b, draw.Src, nil)
	an := smartcrop.NewAnalyzer(xResizer{})
	cur := rgba.Bounds()
	for range salientRounds {
		// A fresh copy at the origin; half the size asked so smartcrop
		// may pick a 90% crop.
		sub := image.NewRGBA(image.Rect(0, 0, cur.Dx(), cur.Dy()))
		draw.Draw(sub, sub.Bounds(), rgba, cur.Min, draw.Src)
		c, err := an.FindBestCrop(sub, max(1, cur.Dx()/2), max(1, cur.Dy()/2))
		if err != nil || c.Dx() < 8 || c.Dy() < 8 {
			break
		}
		next := c.Add(cur.Min).Intersect(cur)
		if next.Empty() || next == cur {
			break
		}
		cur = next
	}
	if cur.Dx()*cur.Dy()*10 > w*h*9 || interest(rgba, cur) < salientContrast*interest(rgba, rgba.Bounds()) {
		return project.Rect{}, false
	}
	return normRect(float64(cur.Min.X), float64(cur.Min.Y), float64(cur.Max.X), float64(cur.Max.Y), w, h), true
}

// interest is the mean detail (luma difference to the right and below
// neighbours) plus saturation of the pixels of r.
func interest(img *image.RGBA, r image.Rectangle) float64 {
	var sum float64
	n := 0
	for y := r.Min.Y; y < r.Max.Y-1; y++ {
		for x := r.Min.X; x < r.Max.X-1; x++ {
			l := lumaAt(img, x, y)
			d := math.Abs(l-lumaAt(img, x+1, y)) + math.Abs(l-lumaAt(img, x, y+1))
			o := img.PixOffset(x, y)
			p := img.Pix[o : o+3]
			mx := max(p[0], p[1], p[2])
			mn := min(p[0], p[1], p[2])
			sum += d + float64(mx-mn)/2
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func lumaAt(img *image.RGBA, x, y int) float64 {
	o := img.PixOffset(x, y)
	p := img.Pix[o : o+3]
	return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
}

// String describes the subject for logs and the UI.
func (s Subject) String() string {
	if !s.Found() {
		return "no clear subject"
	}
	return fmt.Sprintf("%s at %.0f%%,%.0f%% (%.0f%%x%.0f%%)", s.Kind, 100*(s.Rect.X+s.Rect.W/2), 100*(s.Rect.Y+s.Rect.H/2), 100*s.Rect.W, 100*s.Rect.H)
}

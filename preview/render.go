package preview

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"

	"github.com/slidereel/slidereel/internal/stamp"
	"github.com/slidereel/slidereel/project"
)

// Quality selects how carefully sources are prepared: Draft for the live
// preview, Final for the export. Both draw the same picture; Draft may use
// a smaller prepared copy of each photo.
type Quality int

// Qualities.
const (
	Draft Quality = iota
	Final
)

// Options configure a Renderer.
type Options struct {
	Quality Quality
	// Workers is the number of goroutines drawing a frame; 0 = GOMAXPROCS.
	Workers int
	// WaitSubjects makes a slide with direction "subject" wait for its
	// photo's subject detection (the export). Otherwise (the editor) the
	// slide moves about the centre until the detection, started in the
	// background, is done; then OnSubject is called (on another goroutine)
	// and the next frame uses it.
	WaitSubjects bool
	// OnSubject, if set, is called with the photo's path when a subject
	// detection the renderer started in the background is done.
	OnSubject func(path string)
}

// DefaultCacheBytes bounds the prepared sources and blurred backgrounds a
// Renderer keeps (a 1080p slide needs about 5 MB, whatever the photo's
// size); the ones the current frame and the next slide need are always
// kept, the least recently used others are dropped over it.
const DefaultCacheBytes = 160 << 20

// Renderer draws a project's frames. Its methods are safe for concurrent
// use; Render calls are serialised.
type Renderer struct {
	mu      sync.Mutex
	opt     Options
	workers int
	p       *project.Project
	tl      *project.Timeline
	bgRGB   [3]uint8
	bgYCC   ycc

	cache *cache
	infos map[string]srcInfo
	plans map[planKey]*slidePlan
	// blurHeld are the plans holding blurRows (and through them a blurred
	// frame), oldest first: at most maxBlurHeld, so a long show does not
	// keep every slide's blurred fill alive after the cache dropped it.
	blurHeld []*slidePlan
	asked    map[string]bool // photos whose subject detection was started
	// prefetching: plans made now start subject detection without waiting.
	prefetching bool
	caps        map[capKey]*capMask
	rings       []ring
	axes        [2][2]axis // [luma, chroma][x, y]
	scrA        *frame
	scrB        *frame
	scrRGBA     *frame

	bgctx  context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool
}

type srcInfo struct {
	stamp stamp.Stamp
	w, h  int
	err   error
}

type planKey struct {
	slide int
	w, h  int
}

// slidePlan is everything about drawing one slide at one output size that
// does not change from frame to frame.
type slidePlan struct {
	res    project.Resolved
	sw, sh int // displayed source size
	motion project.Motion
	src    cacheKey
	blur   cacheKey
	// blurRows: the blurred fill last drawn, with its vertical taps.
	blurRows *blurRows
	err      error
	// awaitSubject: the motion is the centre one until the subject arrives.
	awaitSubject bool
}

// New returns a renderer for a clone of p laid out by tl (nil: p's
// timeline with no media durations).
func New(p *project.Project, tl *project.Timeline, opt Options) *Renderer {
	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Renderer{
		opt: opt, workers: w,
		cache: newCache(DefaultCacheBytes),
		infos: map[string]srcInfo{},
		asked: map[string]bool{},
		rings: make([]ring, w),
		bgctx: ctx, cancel: cancel,
	}
	r.set(p, tl)
	return r
}

func (r *Renderer) set(p *project.Project, tl *project.Timeline) {
	if p == nil {
		p = project.New()
	}
	r.p = p.Clone()
	if tl == nil {
		tl = r.p.Timeline(project.MediaDurations{})
	}
	t := *tl
	t.Spans = append([]project.Span(nil), tl.Spans...)
	r.tl = &t
	r.bgRGB = parseHex(r.p.Background.Color, [3]uint8{})
	r.bgYCC = rgbColor(r.bgRGB[0], r.bgRGB[1], r.bgRGB[2])
	r.plans = map[planKey]*slidePlan{}
	r.blurHeld = nil
	r.caps = map[capKey]*capMask{}
}

// Update replaces the project and timeline (both cloned), keeping the
// cache of prepared sources.
func (r *Renderer) Update(p *project.Project, tl *project.Timeline) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.set(p, tl)
}

// Prefetch starts preparing, in the background, the sources that frame
// needs at W x H and the next slide's, so that a Render that follows finds
// them ready. The export calls it before the sound is decoded.
func (r *Renderer) Prefetch(frame, W, H int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || W <= 0 || H <= 0 {
		return
	}
	r.prefetch(r.tl.At(frame), W, H)
}

// Close stops background preparation and drops the cache.
func (r *Renderer) Close() error {
	r.mu.Lock()
	r.closed = true
	r.cancel()
	r.mu.Unlock()
	r.wg.Wait()
	r.mu.Lock()
	r.cache = newCache(DefaultCacheBytes)
	r.mu.Unlock()
	return nil
}

// ErrClosed is returned by Render after Close.
var ErrClosed = errors.New("preview: renderer is closed")

// Render draws frame (clamped to the timeline) into dst, a 4:2:0 BT.709
// limited-range image of any size (even sizes keep chroma exact). On a
// source error dst shows the background and the *SourceError is returned.
func (r *Renderer) Render(ctx context.Context, frameNo int, dst *image.YCbCr) error {
	f, err := frameOf(dst)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	return r.render(ctx, frameNo, f)
}

// RenderRGBA draws the same picture as Render into an RGBA image (for the
// screen).
func (r *Renderer) RenderRGBA(ctx context.Context, frameNo int, dst *image.RGBA) error {
	b := dst.Rect
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return fmt.Errorf("preview: empty destination %v", b)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	fw, fh := (w+1)&^1, (h+1)&^1
	if r.scrRGBA == nil || r.scrRGBA.y.w != fw || r.scrRGBA.y.h != fh {
		r.scrRGBA = newFrame(fw, fh)
	}
	f := r.scrRGBA
	err := r.render(ctx, frameNo, f)
	r.parallel(h, func(_, y0, y1 int) { toRGBA(f, dst, y0, y1) })
	return err
}

// render draws into f; r.mu is held.
func (r *Renderer) render(ctx context.Context, frameNo int, f *frame) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.cache.newEpoch()
	fs := r.tl.At(frameNo)
	W, H := f.y.w, f.y.h
	if fs.Slide < 0 || fs.Slide >= len(r.p.Slides) {
		r.fill(f, r.bgYCC)
		return nil
	}
	defer func() {
		r.prefetch(fs, W, H)
		if r.opt.Quality == Final {
			// The export never goes back: keep only what this frame and
			// the next slide need. The preview keeps recent slides for
			// scrubbing, up to the byte budget.
			r.cache.dropStale()
		}
	}()
	if !fs.InTransition() {
		return r.drawSlide(ctx, f, fs.Slide, fs.Progress, 1, nil, image.Rect(0, 0, W, H))
	}
	if r.scrA == nil || r.scrA.y.w != W || r.scrA.y.h != H {
		r.scrA, r.scrB = newFrame(W, H), newFrame(W, H)
	}
	a, b := r.scrA, r.scrB
	p := fs.TransitionProgress
	kind := fs.Transition
	full := image.Rect(0, 0, W, H)
	drawA := func(dst *frame, m *mix, clip image.Rectangle) error {
		return r.drawSlide(ctx, dst, fs.Slide, fs.Progress, 1, m, clip)
	}
	drawB := func(dst *frame, m *mix, clip image.Rectangle) error {
		return r.drawSlide(ctx, dst, fs.Next, fs.NextProgress, incomingZoom(kind, p), m, clip)
	}
	// Fused forms of the blends in transition.go (same pixels, checked by
	// TestFusedTransitionsMatch): only the slides that show are drawn, and
	// a crossfade mixes each row of a as it is drawn.
	switch kind {
	case project.Cut:
		if p < 0.5 {
			return drawA(f, nil, full)
		}
		return drawB(f, nil, full)
	case project.Crossfade, project.ZoomDissolve, "":
		errB := drawB(b, nil, full)
		return errors.Join(drawA(f, &mix{other: b, al: alpha256(p)}, full), errB)
	case project.FadeBlack, project.FadeWhite:
		c := black
		if kind == project.FadeWhite {
			c = white
		}
		if p < 0.5 {
			return drawA(f, &mix{c: c, al: alpha256(2 * p)}, full)
		}
		return drawB(f, &mix{c: c, al: 256 - alpha256(2*p-1)}, full)
	}
	// Others: draw the parts of a and b the blend reads, then blend.
	needA, needB := needs(kind, p, W, H)
	errA := drawA(a, nil, needA)
	errB := drawB(b, nil, needB)
	blend := transitionFunc(kind)
	r.parallel(H, func(_, y0, y1 int) {
		blend(f, a, b, p, y0, y1)
	})
	return errors.Join(errA, errB)
}

// fill paints f with c, row by row (f may be a sub-image).
func (r *Renderer) fill(f *frame, c ycc) {
	for i, p := range f.planes() {
		v := [3]uint8{c.y, c.cb, c.cr}[i]
		for y := range p.h {
			fillBytes(p.row(y), v)
		}
	}
}

// parallel splits luma rows [0,h) into even-aligned bands, one per worker.
func (r *Renderer) parallel(h int, fn func(worker, y0, y1 int)) {
	parallelBands(r.workers, h, fn)
}

func parallelBands(workers, h int, fn func(worker, y0, y1 int)) {
	n := min(workers, max(1, h/16))
	if n <= 1 {
		fn(0, 0, h)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		y0 := (h * i / n) &^ 1
		y1 := (h * (i + 1) / n) &^ 1
		if i == n-1 {
			y1 = h
		}
		wg.Go(func() {
			fn(i, y0, y1)
		})
	}
	wg.Wait()
}

// plan returns slide i's plan at W x H.
func (r *Renderer) plan(i, W, H int) *slidePlan {
	k := planKey{i, W, H}
	if pl, ok := r.plans[k]; ok && !r.stale(pl) {
		return pl
	}
	pl := &slidePlan{res: r.p.Resolve(i)}
	r.plans[k] = pl
	path := pl.res.Image
	stp, _, err := stamp.Stat(path)
	if err != nil {
		pl.err = srcErr(path, err)
		return pl
	}
	info, ok := r.infos[path]
	if !ok || info.stamp != stp {
		w, h, err := ImageSize(path)
		info = srcInfo{stamp: stp, w: w, h: h, err: err}
		if err == nil {
			err = checkSize(w, h)
			if err != nil {
				info.err = srcErr(path, err)
			}
		}
		r.infos[path] = info
	}
	if info.err != nil {
		pl.err = info.err
		return pl
	}
	pl.sw, pl.sh = info.w, info.h
	subj, wait := r.subject(pl.res)
	pl.awaitSubject = wait
	pl.motion = r.p.MotionForSubject(pl.res, info.w, info.h, subj)
	if !pl.motion.Start.Valid() || !pl.motion.End.Valid() {
		b := project.BaseRect(info.w, info.h, r.p.Output.Width, r.p.Output.Height, pl.res.Fit)
		pl.motion = project.Motion{Start: b, End: b}
	}
	pw, ph := r.preparedSize(pl, W, H)
	pl.src = cacheKey{kind: 's', path: path, stamp: stp, w: pw, h: ph, bg: r.bgRGB, quality: r.opt.Quality}
	if pl.res.Fit == project.FitBlur {
		pl.blur = pl.src
		pl.blur.kind = 'b'
		pl.blur.srcW, pl.blur.srcH = pw, ph
		pl.blur.w, pl.blur.h = W, H
	}
	return pl
}

// stale reports whether a plan made before its subject was known must be
// made again: the subject has arrived, or the renderer must wait for it.
func (r *Renderer) stale(pl *slidePlan) bool {
	if !pl.awaitSubject {
		return false
	}
	if _, ready := CachedSubject(pl.res.Image); ready {
		return true
	}
	return r.opt.WaitSubjects && !r.prefetching
}

// subject returns the subject a slide's motion needs (nil: none needed,
// none found, or, with wait true, not found yet).
func (r *Renderer) subject(res project.Resolved) (subj *project.Rect, wait bool) {
	if res.Direction != project.DirSubject || res.Motion != nil || !res.KenBurns || !(res.Zoom > 1) {
		return nil, false
	}
	path := res.Image
	if s, ok := CachedSubject(path); ok {
		return s.RectPtr(), false
	}
	if r.opt.WaitSubjects && !r.prefetching {
		s, err := DetectSubject(r.bgctx, path)
		if err != nil {
			return nil, false // the source error shows when the photo is drawn
		}
		return s.RectPtr(), false
	}
	if !r.asked[path] {
		r.asked[path] = true
		on := r.opt.OnSubject
		r.wg.Go(func() {
			if _, err := DetectSubject(r.bgctx, path); err == nil && on != nil {
				on(path)
			}
		})
	}
	return nil, true
}

// preparedSize is the size of the copy of the source the motion needs at
// W x H, never much more than the source itself.
//
// Final: at the motion's widest framing wideDensity (0.95) prepared pixels
// per output pixel, so a usual Ken Burns move (zoom up to ~1.2) samples
// bilinearly from end to end, enlarging slightly (the fast 2-tap path).
// Larger zooms keep at least minDensity at the tightest framing and shrink
// the wide end with the tent filter (no aliasing).
//
// Never exactly 1:1 for long: at a whole-number ratio every output pixel
// of a frame has the same sub-pixel phase, the frame's blur then changes
// with the phase and a slow pan wobbles by about 1.5% (TestSmoothPan).
// Ratios within 5% of 1 are moved away from it.
//
// Draft: the scale is rounded up to a step of 2^(1/2), so resizing the
// preview rarely prepares the photo again.
func (r *Renderer) preparedSize(pl *slidePlan, W, H int) (int, int) {
	m := pl.motion
	need := func(rw, rh float64) float64 { // scale for 1 src px per out px
		return math.Max(float64(W)/(rw*float64(pl.sw)), float64(H)/(rh*float64(pl.sh)))
	}
	tight := need(math.Min(m.Start.W, m.End.W), math.Min(m.Start.H, m.End.H))
	wide := need(math.Max(m.Start.W, m.End.W), math.Max(m.Start.H, m.End.H))
	s := math.Max(wide*wideDensity, tight*minDensity)
	if r.opt.Quality == Draft {
		s = math.Pow(2, -math.Floor(-2*math.Log2(s))/2)
	}
	s = math.Min(s, 1) // never enlarge the photo itself...
	if d := s / wide; d > 0.95 && d < 1.05 {
		s = wide * 0.95 // ...except to keep off 1:1
	}
	pw := max(2, int(math.Round(float64(pl.sw)*s/2))*2)
	ph := max(2, int(math.Round(float64(pl.sh)*s/2))*2)
	return pw, ph
}

// Prepared source density in source pixels per output pixel (see
// preparedSize).
const (
	wideDensity = 0.95
	minDensity  = 0.8
)

// source returns the prepared source of a plan.
func (r *Renderer) source(ctx context.Context, pl *slidePlan) (*frame, error) {
	return r.cache.get(ctx, pl.src, buildSource(pl.src, pl.res.Image))
}

func buildSource(k cacheKey, path string) func(context.Context) (*frame, error) {
	return func(ctx context.Context) (*frame, error) {
		if f, ok := fastJPEG(ctx, path, k.w, k.h); ok {
			return f, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := decodeFile(ctx, path, k.bg)
		if err != nil {
			return nil, err
		}
		return prepare(d, k.w, k.h), nil
	}
}

// mix says how a slide being drawn is blended, row by row as it is drawn,
// with what is already known: toward the rows of other (crossfade) or
// toward a colour (fades), by al/256. It is the fused form of the blends in
// transition.go and gives the same pixels.
type mix struct {
	other *frame
	c     ycc
	al    int32
}

// drawSlide draws slide i at motion progress u into f; zoom > 1 magnifies
// the picture about the framing's centre (the zoom-dissolve's incoming
// slide). m, if set, blends each row as it is finished. Only the clip
// (luma pixels) of f is drawn.
func (r *Renderer) drawSlide(ctx context.Context, f *frame, i int, u, zoom float64, m *mix, clip image.Rectangle) error {
	W, H := f.y.w, f.y.h
	if clip.Empty() {
		return nil
	}
	pl := r.plan(i, W, H)
	src, bgs, err := r.slideSource(ctx, pl, W, H)
	rect := pl.motion.At(u, pl.res.Easing)
	if err != nil {
		rect = project.Rect{X: -2, Y: -2, W: 1, H: 1} // nothing of it shows
	}
	if zoom != 1 && zoom > 0 {
		cx, cy := rect.Center()
		rect.W /= zoom
		rect.H /= zoom
		rect.X, rect.Y = cx-rect.W/2, cy-rect.H/2
	}
	var capm *capMask
	if err == nil && pl.res.Caption != "" {
		capm = r.caption(pl.res.Caption, W, H)
	}
	sampleFrame(f, src, rect, bgs, r.workers, r.rings, &r.axes, rowHooks(capm, m), clip)
	return err
}

// maxBlurHeld bounds the slides whose blurred fill stays attached to
// their plan: the current and next slides, and a few for scrubbing back.
const maxBlurHeld = 4

// holdBlur records that pl now holds blurRows, releasing the oldest
// holder's beyond maxBlurHeld (it is rebuilt from the cache if needed).
func (r *Renderer) holdBlur(pl *slidePlan) {
	for i, h := range r.blurHeld {
		if h == pl {
			r.blurHeld = append(r.blurHeld[:i], r.blurHeld[i+1:]...)
			break
		}
	}
	r.blurHeld = append(r.blurHeld, pl)
	for len(r.blurHeld) > maxBlurHeld {
		r.blurHeld[0].blurRows = nil
		r.blurHeld = r.blurHeld[1:]
	}
}

// slideSource returns the planned slide's picture and the backgrounds
// around it (the blurred copy for FitBlur, else the background colour).
// When the picture cannot be had, it returns a stand-in that shows only
// the background, with the error.
func (r *Renderer) slideSource(ctx context.Context, pl *slidePlan, W, H int) (*frame, [3]background, error) {
	flat := [3]background{{val: r.bgYCC.y}, {val: r.bgYCC.cb}, {val: r.bgYCC.cr}}
	err := pl.err
	var f *frame
	if err == nil {
		f, err = r.source(ctx, pl)
	}
	bgs := flat
	if err == nil && pl.res.Fit == project.FitBlur {
		var bf *frame
		bf, err = r.cache.get(ctx, pl.blur, buildBlur(pl.blur, pl.src, pl.res.Image, pl.sw, pl.sh, r.cache))
		if err == nil {
			if pl.blurRows == nil || pl.blurRows.f != bf {
				pl.blurRows = newBlurRows(bf, W, H)
				r.holdBlur(pl)
			}
			bgs = pl.blurRows.backgrounds()
		}
	}
	if err != nil {
		// The background where the photo should be; still blended.
		return &frame{y: newPlane(2, 2), cb: newPlane(1, 1), cr: newPlane(1, 1)}, flat, err
	}
	return f, bgs, nil
}

// rowHooks composites the caption mask and blends with m, per plane, as
// each row is finished; nil hooks when there is neither.
func rowHooks(capm *capMask, m *mix) [3]rowHook {
	var post [3]rowHook
	if capm == nil && m == nil {
		return post
	}
	for pi := range 3 {
		post[pi] = func(y int, row []uint8) {
			if capm != nil {
				capm.compositeRow(pi, y, row)
			}
			if m == nil {
				return
			}
			if m.other != nil {
				lerpRow(row, row, m.other.planes()[pi].row(y), m.al)
			} else {
				lerpConst(row, row, [3]uint8{m.c.y, m.c.cb, m.c.cr}[pi], m.al)
			}
		}
	}
	return post
}

// sampleFrame draws rect of src into the clip (luma pixels) of f, in
// parallel row bands.
func sampleFrame(f, src *frame, rect project.Rect, bgs [3]background, workers int, rings []ring, axes *[2][2]axis, post [3]rowHook, clip image.Rectangle) {
	full := image.Rect(0, 0, f.y.w, f.y.h)
	// Even bounds, so each chroma row belongs to exactly one band.
	clip.Min.X &^= 1
	clip.Min.Y &^= 1
	clip.Max.X += clip.Max.X & 1
	clip.Max.Y += clip.Max.Y & 1
	clip = clip.Intersect(full)
	if clip.Empty() {
		return
	}
	axes[0][0].axisFor(f.y.w, src.y.w, rect.X, rect.W)
	axes[0][1].axisFor(f.y.h, src.y.h, rect.Y, rect.H)
	axes[1][0].axisFor(f.cb.w, src.cb.w, rect.X, rect.W)
	axes[1][1].axisFor(f.cb.h, src.cb.h, rect.Y, rect.H)
	workers = min(workers, len(rings))
	cx0, cx1 := clip.Min.X/2, min((clip.Max.X+1)/2, f.cb.w)
	parallelBands(workers, clip.Dy(), func(wk, b0, b1 int) {
		rg := &rings[wk]
		y0, y1 := clip.Min.Y+b0, clip.Min.Y+b1
		samplePlane(f.y, src.y, &axes[0][0], &axes[0][1], bgs[0], y0, y1, clip.Min.X, clip.Max.X, rg, post[0])
		c0, c1 := y0/2, min((y1+1)/2, f.cb.h)
		samplePlane(f.cb, src.cb, &axes[1][0], &axes[1][1], bgs[1], c0, c1, cx0, cx1, rg, post[1])
		samplePlane(f.cr, src.cr, &axes[1][0], &axes[1][1], bgs[2], c0, c1, cx0, cx1, rg, post[2])
	})
}

// prefetch prepares the next slide's source and background in the
// background, one at a time.
func (r *Renderer) prefetch(fs project.FrameState, W, H int) {
	// The next slide's subject is detected in the background, never waited
	// for here (the export waits when it draws the slide).
	r.prefetching = true
	defer func() { r.prefetching = false }()
	next := fs.Slide + 1
	if fs.Next >= 0 {
		next = fs.Next + 1
	}
	for _, i := range []int{fs.Slide, fs.Next, next} {
		if i < 0 || i >= len(r.p.Slides) {
			continue
		}
		pl := r.plan(i, W, H)
		if pl.err != nil {
			continue
		}
		jobs := []struct {
			k     cacheKey
			build func(context.Context) (*frame, error)
		}{{pl.src, buildSource(pl.src, pl.res.Image)}}
		if pl.blur.kind != 0 {
			jobs = append(jobs, struct {
				k     cacheKey
				build func(context.Context) (*frame, error)
			}{pl.blur, buildBlur(pl.blur, pl.src, pl.res.Image, pl.sw, pl.sh, r.cache)})
		}
		for _, j := range jobs {
			if r.cache.touch(j.k) || !r.cache.startPending(j.k) {
				continue
			}
			r.wg.Go(func() {
				defer r.cache.endPending(j.k)
				select {
				case r.cache.bg <- struct{}{}:
				case <-r.bgctx.Done():
					return
				}
				defer func() { <-r.cache.bg }()
				_, _ = r.cache.get(r.bgctx, j.k, j.build)
			})
		}
	}
}

func incomingZoom(k project.TransitionKind, p float64) float64 {
	if k == project.ZoomDissolve {
		return 1 + zoomDissolveScale*(1-p)
	}
	return 1
}

// zoomDissolveScale: the incoming slide of a zoom-dissolve starts this much
// larger (1.2x) and settles to its own framing.
const zoomDissolveScale = 0.2

package export

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
)

// MinSegmentSeconds is the shortest segment the segmented export cuts: a
// segment is the run of whole slides, cut where a slide's outgoing
// transition has ended, that first reaches this length (the last segment
// takes what is left). Slides of 1.5 s give segments of three slides; a
// slide longer than this is a segment on its own. Shorter segments reuse
// more after an edit but cost an ffmpeg start and an IDR frame each.
const MinSegmentSeconds = 4.0

// segmentFormat is bumped when the way a segment file is encoded changes
// outside the Settings (container, codec options in ffcmd.go).
const segmentFormat = 1

// ffmpegVersion returns the version of the ffmpeg the export runs ("" if
// it cannot be run: the export reports that itself), asked once per
// process.
var ffmpegVersion = sync.OnceValue(func() string {
	return ffmpeg.Version(context.Background(), ffmpeg.FFmpegName).Version
})

// rendererVersion is preview.Version (a variable so the key test can
// bump it).
var rendererVersion = preview.Version

// captionFonts is preview.CaptionFontFingerprint (a variable so the key
// test can swap the fallback fonts without installing any).
var captionFonts = preview.CaptionFontFingerprint

// Segment is one piece of a segmented export: frames [Start, End) of the
// timeline, encoded on their own, starting with an IDR frame.
type Segment struct {
	Start, End int
	// Key is the hex SHA-256 of everything that decides the segment's
	// frames and its encoding; equal keys mean the same frames encoded
	// with the same settings (a segment encoded within a run may differ
	// in its bits from the same one encoded alone, see segrun.go).
	Key string
}

// Frames returns the segment's number of frames.
func (s Segment) Frames() int { return s.End - s.Start }

// cutPoints returns the frames where a segment may start: where slide i-1's
// visible span (its outgoing transition included) has ended, so no frame
// of a segment shows a slide of the previous segment's cut.
func cutPoints(tl *project.Timeline) []int {
	var cuts []int
	last := 0
	for i := 1; i < len(tl.Spans); i++ {
		c := tl.Spans[i-1].End
		if c > last && c < tl.Frames {
			cuts = append(cuts, c)
			last = c
		}
	}
	return cuts
}

// planSegments splits tl into segments of at least minFrames frames, cut at
// slide boundaries only.
func planSegments(tl *project.Timeline, minFrames int) []Segment {
	var segs []Segment
	start := 0
	for _, c := range cutPoints(tl) {
		if c-start >= minFrames && tl.Frames-c > 0 {
			segs = append(segs, Segment{Start: start, End: c})
			start = c
		}
	}
	segs = append(segs, Segment{Start: start, End: tl.Frames})
	// A short tail joins the segment before it.
	if n := len(segs); n > 1 && segs[n-1].Frames() < minFrames {
		segs[n-2].End = segs[n-1].End
		segs = segs[:n-1]
	}
	return segs
}

// keyer computes segment keys for one project, settings and timeline.
type keyer struct {
	p      *project.Project
	tl     *project.Timeline
	global []byte   // the digest of the project-wide inputs
	slides [][]byte // per slide digests, computed on demand
	hashes *ContentHashes
}

// keyInputs are the project-wide inputs of every frame and of the encode.
type keyInputs struct {
	Format          int
	Renderer        int
	Background      project.Background
	Caption         project.CaptionStyle
	Output          project.Output
	Width, Height   int
	FPS             int
	Encoder         string
	CRF             int
	X264Preset      string
	EncoderArgvHash string
	// FFmpeg is ffmpeg's version: another build may encode the same
	// frames into other bits (and a farm's workers must agree on it).
	FFmpeg string
}

func newKeyer(p *project.Project, tl *project.Timeline, s Settings, hashes *ContentHashes) (*keyer, error) {
	// The encoder's exact options: the argv the segment encode runs, with
	// the output name left out.
	argv, err := encodeArgv(jobEncodeArgs(s, "segment"+segExt, "segment"+segExt, Job{segment: true}))
	if err != nil {
		return nil, err
	}
	ah := sha256.New()
	for _, a := range argv {
		fmt.Fprintf(ah, "%q\n", a)
	}
	in := keyInputs{
		Format: segmentFormat, Renderer: rendererVersion,
		Background: p.Background, Caption: p.Caption, Output: p.Output,
		Width: s.Width, Height: s.Height, FPS: s.FPS,
		Encoder: s.Encoder, CRF: s.CRF, X264Preset: s.X264Preset,
		EncoderArgvHash: hex.EncodeToString(ah.Sum(nil)),
		FFmpeg:          ffmpegVersion(),
	}
	b, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	g := sha256.Sum256(b)
	return &keyer{p: p, tl: tl, global: g[:], slides: make([][]byte, len(p.Slides)), hashes: hashes}, nil
}

// slide returns the digest of slide i: every resolved setting (its index
// included: default motions alternate with it) and its photo's content.
func (k *keyer) slide(i int) ([]byte, error) {
	if k.slides[i] != nil {
		return k.slides[i], nil
	}
	r := k.p.Resolve(i)
	// The renderer reads the duration, the transition and the narration
	// only through the timeline, whose per-frame states are in the key
	// (key): leaving them out here keeps a change of slide i's outgoing
	// transition from re-encoding the segment that merely shows slide i.
	r.Narration, r.Duration, r.Transition = "", 0, project.Transition{}
	// The photo counts by its content, not its path (a moved or renamed
	// photo, or one reached through another mount on a farm worker, keeps
	// its segments), but the extension picks the decoder (HEIF goes
	// through an external tool), so it stays.
	path := r.Image
	r.Image = strings.ToLower(filepath.Ext(path))
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	// The system fonts a caption falls back to for runes Go Bold lacks
	// draw its pixels too: installing, removing or updating one re-keys
	// the segments showing the caption.
	if r.Caption != "" {
		b = append(b, captionFonts(r.Caption)...)
	}
	content, err := k.hashes.Sum(path)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(b)
	h.Write(content)
	k.slides[i] = h.Sum(nil)
	return k.slides[i], nil
}

// key returns the key of frames [start, end): the project-wide digest and,
// for every frame, what the timeline says is on screen (slides by their
// digests, motion and transition progress, transition kind). The frames'
// absolute numbers are left out, so a segment that moves along the
// timeline unchanged keeps its key.
func (k *keyer) key(start, end int) (string, error) {
	h := sha256.New()
	h.Write(k.global)
	for f := start; f < end; f++ {
		fs := k.tl.At(f)
		if err := k.writeSlide(h, fs.Slide); err != nil {
			return "", err
		}
		writeFloat(h, fs.Progress)
		if err := k.writeSlide(h, fs.Next); err != nil {
			return "", err
		}
		writeFloat(h, fs.NextProgress)
		io.WriteString(h, string(fs.Transition))
		h.Write([]byte{0})
		writeFloat(h, fs.TransitionProgress)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (k *keyer) writeSlide(h hash.Hash, i int) error {
	if i < 0 || i >= len(k.slides) {
		h.Write([]byte("none"))
		return nil
	}
	d, err := k.slide(i)
	if err != nil {
		return err
	}
	h.Write(d)
	return nil
}

func writeFloat(h hash.Hash, v float64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
	h.Write(b[:])
}

// Segments plans the segmented export of p (already laid out for s) on
// timeline tl and computes each segment's key, with the photos' content
// hashes from hashes (nil: the process's, kept in the cache folder).
func Segments(p *project.Project, tl *project.Timeline, s Settings, hashes *ContentHashes) ([]Segment, error) {
	s = s.withDefaults()
	if hashes == nil {
		hashes = sharedHashes()
	}
	k, err := newKeyer(p, tl, s, hashes)
	if err != nil {
		return nil, err
	}
	minFrames := int(math.Ceil(MinSegmentSeconds * float64(s.FPS)))
	segs := planSegments(tl, minFrames)
	for i := range segs {
		if segs[i].Key, err = k.key(segs[i].Start, segs[i].End); err != nil {
			return nil, err
		}
	}
	// The store is a cache: failing to write it costs the next export
	// reading the photos again, nothing else.
	_ = hashes.Save()
	return segs, nil
}

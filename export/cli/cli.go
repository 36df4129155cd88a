package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/export/service"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

// Exit codes of Main.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// IsCommand reports whether arg (the first argument after the program
// name) is a command-line command rather than something for the editor.
func IsCommand(arg string) bool {
	switch arg {
	case "render", "new", "serve", "worker", "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// Main runs the command in args (without the program name, e.g.
// ["render", "x.project", "-o", "x.mp4"]) and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "render":
		return runRender(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "serve", "worker":
		return service.Main(args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && (args[1] == "render" || args[1] == "new" || args[1] == "serve" || args[1] == "worker") {
			return Main([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return ExitOK
	}
	fmt.Fprintf(stderr, "slidereel: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  slidereel                      open the editor (the last project, or a demo)
  slidereel FILE.project         open a project in the editor
  slidereel render ...           render a project or photos to a video, no window needed
  slidereel new ...              write a project file from photos and a sound file
  slidereel serve ...            the old video service's HTTP API on the same engine
  slidereel worker ...           render tasks from the old service's Redis queue

Run "slidereel COMMAND --help" for a command's options.
`)
}

// options are the parsed flags of render and new.
type options struct {
	limits       export.Limits // render: what one video may cost
	output       string
	preset       string
	quality      string
	fps          int
	crf          int
	encoder      string
	x264Preset   string
	audioBitrate string
	quiet        bool
	strict       bool
	noCache      bool
	cacheDir     string
	cacheSize    string
	farm         string
	farmQueue    string

	audio         string
	images        []string
	resolution    string
	slideDuration float64
	transition    float64
	kenBurns      bool
	zoom          float64
	fitAudio      bool
	narration     []string // one clip per photo, "-" for none (story mode)
	gap           float64
	musicGain     float64
	direction     string
	snap          string

	set map[string]bool // flags given on the command line
}

// serviceFlags only make sense without a project file.
var serviceFlags = []string{"audio", "images", "slide-duration", "transition", "ken-burns", "zoom", "fit-audio",
	"narration", "gap", "music-gain"}

func newFlagSet(cmd string, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed by Main
	fs.StringVar(&o.output, "o", "", "output file")
	fs.StringVar(&o.output, "output", "", "output file (same as -o)")
	fs.StringVar(&o.preset, "preset", "", "frame size preset: "+strings.Join(export.SizeNames(), ", "))
	fs.StringVar(&o.resolution, "resolution", "1920x1080", "frame size WIDTHxHEIGHT (a project file keeps its own unless given)")
	fs.IntVar(&o.fps, "fps", int(project.DefaultFPS), "frames per second: "+frameRatesHelp()+" (a project file keeps its own unless given)")

	fs.StringVar(&o.audio, "audio", "", "sound file under the whole video (music or narration)")
	fs.Func("images", "photos, in order: --images 1.jpg 2.jpg ... (all the following arguments up to the next option)", func(v string) error {
		o.images = append(o.images, v)
		return nil
	})
	fs.Float64Var(&o.slideDuration, "slide-duration", project.DefaultDuration, "seconds per photo")
	fs.Float64Var(&o.transition, "transition", project.DefaultTransition, "crossfade seconds between photos (0: cut)")
	fs.BoolVar(&o.kenBurns, "ken-burns", true, "slow zoom and pan on every photo (--ken-burns=false to turn off)")
	fs.Float64Var(&o.zoom, "zoom", project.DefaultZoom, "Ken Burns zoom factor (1.0 to 4.0)")
	fs.BoolVar(&o.fitAudio, "fit-audio", true, "with --audio, stretch the slides so the video lasts as long as the sound (--fit-audio=false keeps --slide-duration)")
	fs.Func("narration", "story mode: one narration clip per photo, in order, \"-\" for a photo without one: --narration 1.wav - 3.mp3;\neach photo lasts its clip plus --gap, and --audio becomes music looped under the narration (lowered while it speaks)", func(v string) error {
		o.narration = append(o.narration, v)
		return nil
	})
	fs.Float64Var(&o.gap, "gap", project.DefaultNarrationGap, "story mode: seconds of silence after each narration clip")
	fs.Float64Var(&o.musicGain, "music-gain", 0, "volume of the --audio music in dB (e.g. -6)")
	fs.StringVar(&o.direction, "direction", string(project.DirAuto), "Ken Burns direction: auto, in, out, or subject (towards the detected face or subject; a project file keeps its own unless given)")
	fs.StringVar(&o.snap, "snap", string(project.SnapOff), "move slide changes onto the music's beats: off, beats or bars (a project file keeps its own unless given)")

	if cmd == "render" {
		fs.StringVar(&o.quality, "quality", "standard", "quality preset: "+qualityHelp())
		fs.IntVar(&o.crf, "crf", export.DefaultCRF, "constant quality 0-51, lower is better (given, it overrides --quality's)")
		fs.StringVar(&o.encoder, "encoder", export.EncoderX264, "H.264 encoder: libx264, h264_nvenc, h264_vaapi, h264_qsv, auto (a working hardware encoder, else libx264) or list (show the working ones)")
		fs.StringVar(&o.x264Preset, "x264-preset", "", "libx264 speed preset, ultrafast ... veryslow (overrides --quality)")
		fs.StringVar(&o.audioBitrate, "audio-bitrate", export.DefaultAudioBitrate, "AAC bitrate")
		fs.BoolVar(&o.noCache, "no-cache", false, "encode the whole video in one pass and touch no segment cache")
		fs.StringVar(&o.cacheDir, "cache-dir", "", "segment cache folder (default: $SLIDEREEL_CACHE_DIR/segments, else the user cache folder's slidereel/segments)")
		fs.StringVar(&o.cacheSize, "cache-size", "5G", "segment cache bound; least recently used segments go first (e.g. 500M, 20G)")
		fs.StringVar(&o.farm, "farm", "", "share the segments out to `slidereel worker`s: redis://[:PASSWORD@]HOST:PORT/DB (photos, sound and --cache-dir on storage every worker sees)")
		fs.StringVar(&o.farmQueue, "farm-queue", service.DefaultQueue, "with --farm, the workers' task list")
		fs.BoolVar(&o.quiet, "quiet", false, "no progress output")
		fs.BoolVar(&o.quiet, "q", false, "same as --quiet")
		fs.BoolVar(&o.strict, "strict", false, "refuse damaged media (a sound file or photo that decodes only in part): nothing is written, exit code 1")
		o.limits = export.DefaultLimits()
		o.limits.RegisterFlags(fs)
	}
	return fs
}

func frameRatesHelp() string {
	parts := make([]string, len(project.FrameRates))
	for i, f := range project.FrameRates {
		parts[i] = fmt.Sprint(int(f))
	}
	return strings.Join(parts, ", ")
}

func qualityHelp() string {
	var parts []string
	for _, q := range export.Qualities {
		parts = append(parts, fmt.Sprintf("%s (crf %d, %s)", q.Name, q.CRF, q.X264Preset))
	}
	return strings.Join(parts, ", ")
}

func commandHelp(w io.Writer, cmd string, fs *flag.FlagSet) {
	switch cmd {
	case "render":
		fmt.Fprint(w, `Usage:
  slidereel render PROJECT.project -o OUT.mp4 [--preset NAME] [--fps N] [--crf N] [--encoder NAME]
                   [--direction subject] [--snap beats]
  slidereel render --audio A.mp3 --images 1.jpg 2.jpg ... [--fps 24] [--resolution 1920x1080]
                   [--slide-duration 3] [--transition 0.5] [--ken-burns=true] [--zoom 1.1]
                   [--direction subject] [--snap beats] [--fit-audio] -o OUT.mp4
  slidereel render --images 1.jpg 2.jpg ... --narration 1.wav 2.wav ... [--gap 0.5]
                   [--audio MUSIC.mp3 --music-gain -6] -o OUT.mp4          (story mode)

Renders a project, or photos and a sound file with the old video service's
defaults, to an H.264/AAC video (MP4; .mov and .mkv also work). Progress is
shown on stderr; Ctrl-C stops cleanly and leaves no partial file. An
existing OUT is replaced only when the new video is complete.

`)
	case "new":
		fmt.Fprint(w, `Usage:
  slidereel new --audio A.mp3 --images 1.jpg 2.jpg ... [--fps 24] [--resolution 1920x1080]
                [--slide-duration 3] [--transition 0.5] [--ken-burns=true] [--zoom 1.1]
                [--direction subject] [--snap beats] [--fit-audio] [--preset NAME] -o X.project
  slidereel new --images 1.jpg 2.jpg ... --narration 1.wav 2.wav ... [--gap 0.5]
                [--audio MUSIC.mp3 --music-gain -6] -o X.project           (story mode)

Writes a project file (open it in the editor or render it later) instead
of rendering.

`)
	}
	fmt.Fprintln(w, "Options:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(w, "\nFrame size presets:")
	for _, s := range export.Sizes {
		fmt.Fprintf(w, "  %-9s %s\n", s.Name, s.Label)
	}
	if cmd == "render" {
		fmt.Fprintln(w, "\nQuality presets:")
		for _, q := range export.Qualities {
			fmt.Fprintf(w, "  %-9s %s\n", q.Name, q.Label)
		}
	}
}

// parseArgs parses flags and positional arguments in any order. "--images"
// takes every following argument up to the next one starting with '-'.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	args, err := expandImages(args)
	if err != nil {
		return nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if i := len(args) - len(rest); i > 0 && args[i-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// listFlags take every following argument up to the next option.
var listFlags = map[string]bool{"images": true, "narration": true}

// expandImages rewrites "--images a b c" as "--images=a --images=b
// --images=c" (and the same for --narration) so the flag package can read
// it.
func expandImages(args []string) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...), nil
		}
		name := strings.TrimLeft(a, "-")
		if !listFlags[name] || !strings.HasPrefix(a, "-") || strings.Contains(a, "=") {
			out = append(out, a)
			continue
		}
		n := 0
		for i+1 < len(args) && !(strings.HasPrefix(args[i+1], "-") && len(args[i+1]) > 1) {
			i++
			out = append(out, "--"+name+"="+args[i])
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("--%s needs at least one file (use --%s=-x.jpg or ./-x.jpg for a name starting with '-')", name, name)
		}
	}
	return out, nil
}

// parseCommand parses args for cmd. It returns done (with the exit code)
// when there is nothing more to do: help shown or a usage error printed.
func parseCommand(cmd string, args []string, stdout, stderr io.Writer) (o *options, pos []string, done bool, code int) {
	o = &options{set: map[string]bool{}}
	fs := newFlagSet(cmd, o)
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		commandHelp(stdout, cmd, fs)
		return nil, nil, true, ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "slidereel %s: %v\nRun \"slidereel %s --help\" for usage.\n", cmd, err, cmd)
		return nil, nil, true, ExitUsage
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.set["output"] {
		o.set["o"] = true
	}
	if o.set["q"] {
		o.set["quiet"] = true
	}
	return o, pos, false, 0
}

func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "slidereel %s: %s\nRun \"slidereel %s --help\" for usage.\n", cmd, fmt.Sprintf(format, args...), cmd)
	return ExitUsage
}

func failure(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "slidereel %s: %v\n", cmd, err)
	return ExitFailure
}

// applyStory applies the story flags: a narration clip per photo, each
// photo lasting its clip plus the gap, the --audio music looped under it
// (the old story compiler's workflow).
func applyStory(p *project.Project, o *options) error {
	if o.set["music-gain"] {
		p.Soundtrack.MusicGainDB = o.musicGain
	}
	if len(o.narration) == 0 {
		if o.set["gap"] {
			return usageErr("--gap only applies with --narration")
		}
		return nil
	}
	if len(o.narration) != len(o.images) {
		return usageErr("--narration needs one clip per photo: %d photos, %d clips (use - for a photo without narration)", len(o.images), len(o.narration))
	}
	for i, n := range o.narration {
		if n != "-" {
			p.Slides[i].Narration = &project.MediaRef{Path: n}
		}
	}
	p.Timing = project.TimingStory
	p.Soundtrack.NarrationGap = o.gap
	p.Soundtrack.Loop = true
	return nil
}

// buildProject makes the project from a project file or the service flags,
// and applies the frame size and rate flags.
func buildProject(cmd string, o *options, pos []string) (*project.Project, error) {
	var p *project.Project
	var err error
	switch {
	case len(pos) > 1:
		return nil, usageErr("expected at most one project file, got %q (photos go after --images)", pos)
	case len(pos) == 1 && cmd == "new":
		return nil, usageErr("unexpected argument %q (photos go after --images)", pos[0])
	case len(pos) == 1:
		p, err = loadProject(o, pos[0])
	default:
		p, err = serviceProject(o)
	}
	if err != nil {
		return nil, err
	}
	applyMotion(p, o)
	if err := applyFrameSize(p, o, len(pos) == 1); err != nil {
		return nil, err
	}
	if probs := p.Validate(); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, pr := range probs {
			msgs[i] = pr.String()
		}
		return nil, usageErr("%s", strings.Join(msgs, "; "))
	}
	return p, nil
}

// loadProject loads the project file path; of the project flags only
// --fps (and those applied later to any project) may come with it.
func loadProject(o *options, path string) (*project.Project, error) {
	for _, f := range serviceFlags {
		if o.set[f] {
			return nil, usageErr("--%s cannot be combined with a project file", f)
		}
	}
	p, err := project.Load(path)
	if err != nil {
		return nil, err
	}
	if o.set["fps"] {
		p.Output.FPS = project.FPS(o.fps)
	}
	return p, nil
}

// serviceProject makes the project the old service would from --images,
// --audio and the timing flags, plus the story flags.
func serviceProject(o *options) (*project.Project, error) {
	if len(o.images) == 0 {
		return nil, usageErr("give a project file or photos with --images")
	}
	fps := o.fps
	req := project.ServiceRequest{
		ImagePaths:         o.images,
		FPS:                &fps,
		SlideDuration:      &o.slideDuration,
		TransitionDuration: &o.transition,
		EnableKenBurns:     &o.kenBurns,
		ZoomFactor:         &o.zoom,
	}
	if o.audio != "" {
		req.AudioPath = &o.audio
	}
	w, h, err := parseResolution(o.resolution)
	if err != nil {
		return nil, err
	}
	req.Resolution = []int{w, h}
	p := req.Project()
	if o.audio != "" && !o.fitAudio {
		p.Timing = project.TimingFixed
	}
	if err := applyStory(p, o); err != nil {
		return nil, err
	}
	return p, nil
}

// applyFrameSize applies --preset, or --resolution to a loaded project
// file (the service flags have already used it).
func applyFrameSize(p *project.Project, o *options, fromFile bool) error {
	if o.set["preset"] && o.set["resolution"] {
		return usageErr("give either --preset or --resolution, not both")
	}
	if o.set["preset"] {
		s, ok := export.SizeByName(o.preset)
		if !ok {
			return usageErr("unknown --preset %q (use one of %s)", o.preset, strings.Join(export.SizeNames(), ", "))
		}
		p.Output.Width, p.Output.Height = s.Width, s.Height
	} else if o.set["resolution"] && fromFile {
		w, h, err := parseResolution(o.resolution)
		if err != nil {
			return err
		}
		p.Output.Width, p.Output.Height = w, h
	}
	return nil
}

// applyMotion applies --direction and --snap (checked with the project by
// Validate).
func applyMotion(p *project.Project, o *options) {
	if o.set["direction"] {
		p.Defaults.Direction = project.Direction(o.direction)
	}
	if o.set["snap"] {
		p.Snap = project.Snap(o.snap)
	}
}

// usageErr is an error in the command line (exit code 2).
type usageErrT struct{ msg string }

func (e usageErrT) Error() string { return e.msg }

func usageErr(format string, args ...any) error { return usageErrT{fmt.Sprintf(format, args...)} }

func parseResolution(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if ok {
		w, err1 := strconv.Atoi(a)
		h, err2 := strconv.Atoi(b)
		if err1 == nil && err2 == nil && w > 0 && h > 0 {
			return w, h, nil
		}
	}
	return 0, 0, usageErr("--resolution %q must look like 1920x1080", s)
}

func reportBuildError(stderr io.Writer, cmd string, err error) int {
	var ue usageErrT
	if errors.As(err, &ue) {
		return usageError(stderr, cmd, "%s", ue.msg)
	}
	return failure(stderr, cmd, err)
}

func runNew(args []string, stdout, stderr io.Writer) int {
	o, pos, done, code := parseCommand("new", args, stdout, stderr)
	if done {
		return code
	}
	if o.output == "" {
		return usageError(stderr, "new", "give the project file to write with -o X%s", project.Ext)
	}
	p, err := buildProject("new", o, pos)
	if err != nil {
		return reportBuildError(stderr, "new", err)
	}
	out := o.output
	if filepath.Ext(out) == "" {
		out += project.Ext
	}
	for _, in := range append([]string{o.audio}, o.images...) {
		if in != "" && samePath(in, out) {
			return usageError(stderr, "new", "-o %s is one of the input files; choose a name like show%s", o.output, project.Ext)
		}
	}
	if err := project.Save(p, out); err != nil {
		return failure(stderr, "new", err)
	}
	for _, m := range p.MissingMedia() {
		fmt.Fprintf(stderr, "slidereel new: warning: %s: %s does not exist\n", m.Field, m.Path)
	}
	warnDamaged(stderr, p)
	warnTiming(context.Background(), stderr, "new", p)
	fmt.Fprintf(stdout, "wrote %s (%d photos)\n", out, len(p.Slides))
	return ExitOK
}

func runRender(args []string, stdout, stderr io.Writer) int {
	o, pos, done, code := parseCommand("render", args, stdout, stderr)
	if done {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.encoder == "list" {
		for _, e := range export.AvailableEncoders(ctx) {
			fmt.Fprintln(stdout, e)
		}
		return ExitOK
	}
	if o.output == "" {
		return usageError(stderr, "render", "give the video file to write with -o OUT.mp4")
	}
	if strings.EqualFold(filepath.Ext(o.output), project.Ext) {
		return usageError(stderr, "render", "-o %s is a project file name; render writes a video (e.g. -o %s.mp4)", o.output, strings.TrimSuffix(o.output, filepath.Ext(o.output)))
	}
	p, err := buildProject("render", o, pos)
	if err != nil {
		return reportBuildError(stderr, "render", err)
	}
	s, err := encodeSettings(p, o)
	if err != nil {
		return usageError(stderr, "render", "%v", err)
	}
	if s.Encoder, err = chooseEncoder(ctx, o.encoder); err != nil {
		return reportBuildError(stderr, "render", err)
	}
	if err := s.Validate(); err != nil {
		return usageError(stderr, "render", "%v", err)
	}

	warnTiming(ctx, stderr, "render", p)
	var pr *progressPrinter
	var progress func(export.Progress)
	if !o.quiet {
		pr = newProgressPrinter(stderr, s.Output)
		progress = pr.update
	}
	s.Strict = o.strict
	s.Warn = func(msg string) { fmt.Fprintf(stderr, "slidereel render: warning: %s\n", msg) }
	limitMemory(s.Width, s.Height)
	start := time.Now()
	err = runExport(ctx, p, s, o, progress)
	if pr != nil {
		pr.finish()
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "slidereel render: cancelled; %s was not written\n", s.Output)
			return ExitInterrupted
		}
		return failure(stderr, "render", err)
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "wrote %s (%dx%d, %d fps, %s) in %s\n", s.Output, s.Width, s.Height, s.FPS, s.Encoder, time.Since(start).Round(100*time.Millisecond))
	}
	return ExitOK
}

// encodeSettings are p's export settings with the quality, CRF, x264
// preset, audio bitrate and limit flags applied (the encoder is chosen
// apart: it may run test encodes).
func encodeSettings(p *project.Project, o *options) (export.Settings, error) {
	s := export.DefaultSettings(p, o.output)
	q, ok := export.QualityByName(o.quality)
	if !ok {
		return s, fmt.Errorf("unknown --quality %q (use one of %s)", o.quality, strings.Join(export.QualityNames(), ", "))
	}
	s.CRF, s.X264Preset = q.CRF, q.X264Preset
	if o.set["crf"] {
		s.CRF = o.crf
	}
	if o.set["x264-preset"] {
		s.X264Preset = o.x264Preset
	}
	s.AudioBitrate = o.audioBitrate
	s.Limits = o.limits
	return s, nil
}

// runExport exports p: segmented through the segment cache (reusing what
// an earlier export encoded), or in one pass with --no-cache.
func runExport(ctx context.Context, p *project.Project, s export.Settings, o *options, progress func(export.Progress)) error {
	if o.noCache {
		if o.farm != "" {
			return usageErr("--farm needs the segment cache; drop --no-cache")
		}
		return export.Export(ctx, p, s, progress)
	}
	size, err := export.ParseSize(o.cacheSize)
	if err != nil {
		return usageErr("--cache-size: %v", err)
	}
	cache, err := export.OpenSegmentCache(o.cacheDir, size)
	if err != nil {
		return err
	}
	opt := export.SegmentOptions{Cache: cache}
	if o.farm != "" {
		ro, err := redis.ParseURL(o.farm)
		if err != nil {
			return usageErr("--farm %s: %v (use redis://HOST:PORT/DB)", o.farm, err)
		}
		rdb := redis.NewClient(ro)
		defer rdb.Close()
		if err := rdb.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("--farm %s: %w", o.farm, err)
		}
		farm := &service.Farm{Client: rdb, Queue: o.farmQueue}
		opt.Encode = farm.Encoder(p, s, cache)
	}
	return export.ExportSegments(ctx, p, s, opt, progress)
}

// warnDamaged prints a warning for each damaged sound file or photo of p
// (decoding the sound into the cache, which the render then reuses).
func warnDamaged(stderr io.Writer, p *project.Project) {
	warns, err := sound.Warnings(context.Background(), p)
	if err != nil && len(p.MissingMedia()) == 0 { // missing files are reported above
		fmt.Fprintf(stderr, "slidereel new: warning: %v\n", err)
	}
	for _, w := range append(warns, export.MediaWarnings(p, nil)...) {
		fmt.Fprintf(stderr, "slidereel new: warning: %s\n", w)
	}
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// limitMemory sets a soft memory limit for this process (unless GOMEMLIMIT
// is set): a render keeps little alive (the sources of two slides, a few
// frames, the sound mix), so without a limit Go's default GC target lets
// the heap grow to about twice that. Measured on the standard job (1080p,
// limit 152 MiB): peak RSS ~330 MB without, ~155 MB with the limit, same
// CPU time.
func limitMemory(w, h int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	frame := int64(w) * int64(h) * 3 / 2
	debug.SetMemoryLimit(128<<20 + 8*frame)
}

// chooseEncoder resolves the --encoder value: "auto" picks a working
// hardware encoder, a hardware encoder must pass the probe.
func chooseEncoder(ctx context.Context, name string) (string, error) {
	switch name {
	case "", export.EncoderX264:
		return export.EncoderX264, nil
	case "auto":
		for _, e := range export.AvailableEncoders(ctx) {
			if e != export.EncoderX264 {
				return e, nil
			}
		}
		return export.EncoderX264, nil
	}
	known := false
	for _, e := range export.Encoders {
		known = known || e == name
	}
	if !known {
		return "", usageErr("unknown --encoder %q (use one of %s, auto or list)", name, strings.Join(export.Encoders, ", "))
	}
	avail := export.AvailableEncoders(ctx)
	if slices.Contains(avail, name) {
		return name, nil
	}
	return "", fmt.Errorf("encoder %s does not work on this machine (a test encode failed); working encoders: %s", name, strings.Join(avail, ", "))
}

// fixFlags says how to apply a timing fix on the command line.
var fixFlags = map[project.Fix]string{
	project.FixFixedDurations:     "--fit-audio=false (slides keep --slide-duration)",
	project.FixLoopMusic:          "--fit-audio=false, then turn on Loop music in the editor",
	project.FixShortenTransitions: "a shorter --transition (or --transition 0 for cuts)",
}

// warnTiming prints project.TimingWarnings (slides that flash by) with the
// fixes, laid out with the sound's durations from the files' headers.
func warnTiming(ctx context.Context, stderr io.Writer, cmd string, p *project.Project) {
	d, err := sound.ProbeDurations(ctx, p)
	if err != nil {
		return // the render reports unreadable sound itself
	}
	for _, w := range project.TimingWarnings(p, p.Timeline(d)) {
		fmt.Fprintf(stderr, "slidereel %s: warning: %s\n", cmd, w.Text)
		for _, f := range w.Fixes {
			fmt.Fprintf(stderr, "  fix: %s: %s\n", f.Label(), fixFlags[f])
		}
	}
}

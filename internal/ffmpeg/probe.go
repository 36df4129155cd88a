package ffmpeg

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Stream is one stream of a media file as ffprobe reports it.
type Stream struct {
	Type     string // "video", "audio", "subtitle", ...
	Codec    string
	Width    int
	Height   int
	Channels int
}

// Media is what ffprobe says about a file.
type Media struct {
	Format   string        // container, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
	Duration time.Duration // the container's duration; 0 if unknown
	Streams  []Stream
}

// Count returns how many streams of type typ the file has.
func (m Media) Count(typ string) int {
	n := 0
	for _, s := range m.Streams {
		if s.Type == typ {
			n++
		}
	}
	return n
}

type probeJSON struct {
	Format struct {
		Name     string `json:"format_name"`
		Duration string `json:"duration"`
	} `json:"format"`
	Streams []struct {
		Type     string `json:"codec_type"`
		Codec    string `json:"codec_name"`
		Width    int    `json:"width"`
		Height   int    `json:"height"`
		Channels int    `json:"channels"`
	} `json:"streams"`
}

// Probe runs ffprobe on path under ctx. A file ffprobe cannot read (a
// truncated MP4 without its moov atom, a text file) is an *Error with
// ffprobe's message.
func Probe(ctx context.Context, path string) (Media, error) {
	out, err := Run(ctx, FFprobeName, "-v", "error", "-show_entries",
		"format=format_name,duration:stream=codec_type,codec_name,width,height,channels",
		"-of", "json", "file:"+path)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Step = "ffprobe " + path
		}
		return Media{}, err
	}
	var pj probeJSON
	if err := json.Unmarshal(out, &pj); err != nil {
		return Media{}, fmt.Errorf("ffprobe %s: unreadable answer: %w", path, err)
	}
	m := Media{Format: pj.Format.Name}
	if d, err := strconv.ParseFloat(strings.TrimSpace(pj.Format.Duration), 64); err == nil && d > 0 {
		m.Duration = time.Duration(d * float64(time.Second))
	}
	for _, s := range pj.Streams {
		m.Streams = append(m.Streams, Stream{Type: s.Type, Codec: s.Codec, Width: s.Width, Height: s.Height, Channels: s.Channels})
	}
	return m, nil
}

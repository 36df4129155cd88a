package export

import (
	"context"
	"errors"
	"fmt"

	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

// PlanSegments checks p and s as an export does and returns the segments
// of its segmented export with their keys, without mixing the sound or
// encoding anything (what a render farm's coordinator and its workers
// agree on).
func PlanSegments(ctx context.Context, p *project.Project, s Settings, hashes *ContentHashes) ([]Segment, *project.Project, *project.Timeline, error) {
	s = s.withDefaults()
	c, err := checkProject(ctx, p, s)
	if err != nil {
		return nil, nil, nil, err
	}
	durations, err := sound.Durations(ctx, c)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("export: reading the sound files: %w", err)
	}
	tl := c.Timeline(durations)
	if tl.Frames < 1 {
		return nil, nil, nil, errors.New("export: the project is empty (0 frames)")
	}
	segs, err := Segments(c, tl, s, hashes)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("export: %w", err)
	}
	return segs, c, tl, nil
}

// RenderSegment encodes the segment of p with key into cache, as one
// worker of a render farm: it plans the segments itself and refuses a key
// it does not compute (the project, its photos, the settings or the
// renderer version differ from the coordinator's), so a worker can never
// store frames under a key that does not describe them. A segment already
// in the cache is not encoded again. It returns the segment's path.
func RenderSegment(ctx context.Context, p *project.Project, s Settings, key string, cache *SegmentCache, progress func(Progress)) (string, error) {
	if cache == nil {
		return "", errors.New("export: no segment cache")
	}
	s.Output = cache.Path(key)
	segs, c, tl, err := PlanSegments(ctx, p, s, nil)
	if err != nil {
		return "", err
	}
	var seg *Segment
	for i := range segs {
		if segs[i].Key == key {
			seg = &segs[i]
		}
	}
	if seg == nil {
		return "", fmt.Errorf("export: no segment of this project has key %s here (the project, its photos, the settings or the renderer version %d differ from the coordinator's)", key, preview.Version)
	}
	s = s.withDefaults()
	r := exportRenderer(c, tl)
	defer r.Close()
	pr := &prepared{settings: s, proj: c, r: r, tl: tl}
	if err := encodeSegment(ctx, pr, cache, *seg, progress); err != nil {
		return "", err
	}
	return cache.Path(key), nil
}

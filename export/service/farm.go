package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/project"
)

// TypeRenderSegment is the task type of one segment of a segmented export
// shared out across workers (`slidereel render --farm`).
const TypeRenderSegment = "RenderSegment"

// SegmentParams are the params of a RenderSegment task: the whole project
// (media paths as every worker sees them), the encoding settings and the
// key of the segment to encode. The worker recomputes the key and refuses
// a mismatch.
type SegmentParams struct {
	Project  *project.Project `json:"project"`
	Settings SegmentSettings  `json:"settings"`
	Key      string           `json:"key"`
	Start    int              `json:"start"` // for the logs; the key decides
	End      int              `json:"end"`
}

// SegmentSettings are the export.Settings that decide a segment's frames.
type SegmentSettings struct {
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	FPS        int    `json:"fps"`
	CRF        int    `json:"crf"`
	X264Preset string `json:"x264_preset"`
	Encoder    string `json:"encoder"`
}

func segmentSettings(s export.Settings) SegmentSettings {
	return SegmentSettings{Width: s.Width, Height: s.Height, FPS: s.FPS, CRF: s.CRF, X264Preset: s.X264Preset, Encoder: s.Encoder}
}

func (s SegmentSettings) export(out string) export.Settings {
	return export.Settings{Output: out, Width: s.Width, Height: s.Height, FPS: s.FPS, CRF: s.CRF, X264Preset: s.X264Preset, Encoder: s.Encoder}
}

// segmentProject resolves every media path of the task's project through
// the worker's roots (the same rules as the other task types).
func segmentProject(sp SegmentParams, roots *Roots) (*project.Project, error) {
	p := sp.Project
	if p == nil || len(p.Slides) == 0 {
		return nil, errors.New("params.project: missing or without slides")
	}
	p = p.Clone()
	var err error
	for i := range p.Slides {
		sl := &p.Slides[i]
		if sl.Image.Path, err = roots.Resolve(fmt.Sprintf("project.slides[%d].image", i), sl.Image.Path); err != nil {
			return nil, err
		}
		if sl.Narration != nil {
			if sl.Narration.Path, err = roots.Resolve(fmt.Sprintf("project.slides[%d].narration", i), sl.Narration.Path); err != nil {
				return nil, err
			}
		}
	}
	for i := range p.Soundtrack.Music {
		if p.Soundtrack.Music[i].Path, err = roots.Resolve(fmt.Sprintf("project.soundtrack.music[%d]", i), p.Soundtrack.Music[i].Path); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// handleSegment runs a RenderSegment task taken into the processing list.
func (w *Worker) handleSegment(ctx context.Context, t Task, raw string) {
	key := w.taskKey(t.ID)
	var sp SegmentParams
	if err := json.Unmarshal(t.Params, &sp); err != nil {
		w.finish(ctx, t, raw, StatusFailed, "params: "+err.Error())
		return
	}
	if w.cfg.SegmentCache == nil {
		w.finish(ctx, t, raw, StatusFailed, "this worker has no segment cache (start it with --cache-dir on the farm's shared storage)")
		return
	}
	p, err := segmentProject(sp, w.cfg.Roots)
	if err != nil {
		w.finish(ctx, t, raw, StatusFailed, err.Error())
		return
	}
	owned, err := startScript.Run(ctx, w.rdb, []string{w.processing, key}, raw, t.Type, w.cfg.ID, now()).Int()
	if err != nil || owned == 0 {
		if err != nil {
			w.putBack(ctx, t, raw)
		}
		return
	}
	w.log.Printf("worker %s: task %s: segment %s (frames %d-%d)", w.cfg.ID, t.ID, sp.Key, sp.Start, sp.End)
	if w.beforeSegment != nil {
		err = w.beforeSegment(ctx, t.ID)
	}
	var path string
	if err == nil {
		path, err = export.RenderSegment(ctx, p, sp.Settings.export(""), sp.Key, w.cfg.SegmentCache, w.progressHSet(ctx, key))
	}
	if err != nil {
		if ctx.Err() != nil {
			w.putBack(ctx, t, raw)
			return
		}
		w.finish(ctx, t, raw, StatusFailed, "segment failed: "+err.Error())
		return
	}
	data, _ := json.Marshal(map[string]string{"key": sp.Key, "segment_path": path})
	w.finish(ctx, t, raw, StatusDone, string(data))
}

// progressHSet returns a progress callback writing "done/total" into the
// task hash at most once a second.
func (w *Worker) progressHSet(ctx context.Context, key string) func(export.Progress) {
	var mu sync.Mutex
	var last time.Time
	return func(pr export.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		w.rdb.HSet(ctx, key, "progress", fmt.Sprintf("%d/%d", pr.Frame, pr.Total))
	}
}

// Farm shares the segments of exports out to the workers of a queue.
type Farm struct {
	Client     *redis.Client
	Queue      string // "" means DefaultQueue
	TaskPrefix string // "" means "task:"
	// Poll is how often task statuses are read (default 200 ms).
	Poll time.Duration
}

// Encoder returns a SegmentOptions.Encode that queues one RenderSegment
// task per missing segment of p (exported with s), waits until the workers
// have done them all and checks that each segment is in cache (the
// workers' --cache-dir must be the same shared folder). A worker that dies
// holding a task has it put back by the queue's reaper. The first failed
// task fails the export.
func (f *Farm) Encoder(p *project.Project, s export.Settings, cache *export.SegmentCache) func(ctx context.Context, missing []export.Segment, done func(export.Segment)) error {
	return func(ctx context.Context, missing []export.Segment, done func(export.Segment)) error {
		queue, prefix := f.Queue, f.TaskPrefix
		if queue == "" {
			queue = DefaultQueue
		}
		if prefix == "" {
			prefix = "task:"
		}
		p, err := absMedia(p)
		if err != nil {
			return err
		}
		run := randomID()[:12]
		ids := make(map[string]export.Segment, len(missing))
		for _, sg := range missing {
			data, err := json.Marshal(SegmentParams{Project: p, Settings: segmentSettings(s), Key: sg.Key, Start: sg.Start, End: sg.End})
			if err != nil {
				return err
			}
			id := fmt.Sprintf("segment-%s-%s", run, sg.Key[:16])
			if err := Enqueue(ctx, f.Client, queue, prefix, Task{ID: id, Type: TypeRenderSegment, Params: data}); err != nil {
				return fmt.Errorf("farm: queueing segment %s: %w", sg.Key, err)
			}
			ids[id] = sg
		}
		return f.wait(ctx, prefix, ids, cache, done)
	}
}

// absMedia returns a copy of p whose media paths are absolute: workers
// run in other folders (and on other machines, where the shared storage
// must be mounted at the same place).
func absMedia(p *project.Project) (*project.Project, error) {
	c := p.Clone()
	abs := func(path *string) error {
		if *path == "" {
			return nil
		}
		a, err := filepath.Abs(*path)
		if err != nil {
			return fmt.Errorf("farm: %s: %w", *path, err)
		}
		*path = a
		return nil
	}
	var errs []error
	for i := range c.Slides {
		errs = append(errs, abs(&c.Slides[i].Image.Path))
		if c.Slides[i].Narration != nil {
			errs = append(errs, abs(&c.Slides[i].Narration.Path))
		}
	}
	for i := range c.Soundtrack.Music {
		errs = append(errs, abs(&c.Soundtrack.Music[i].Path))
	}
	return c, errors.Join(errs...)
}

// wait polls the tasks until all are done; the first failure ends it.
func (f *Farm) wait(ctx context.Context, prefix string, ids map[string]export.Segment, cache *export.SegmentCache, done func(export.Segment)) error {
	poll := f.Poll
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	for len(ids) > 0 {
		for id, sg := range ids {
			v, err := f.Client.HMGet(ctx, prefix+id, "status", "error").Result()
			if err != nil {
				return fmt.Errorf("farm: reading task %s: %w", id, err)
			}
			switch str(v[0]) {
			case StatusDone:
				if _, ok := cache.Lookup(sg.Key); !ok {
					return fmt.Errorf("farm: task %s is done but segment %s is not in %s: give the workers and render the same shared --cache-dir", id, sg.Key, cache.Dir())
				}
				delete(ids, id)
				if done != nil {
					done(sg)
				}
			case StatusFailed:
				return fmt.Errorf("farm: segment task %s failed: %s", id, str(v[1]))
			}
		}
		if len(ids) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
	return nil
}

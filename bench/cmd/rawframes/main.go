// Command rawframes writes every frame of a project, rendered by preview at
// the project's size, as raw yuv420p to a file. The export benchmark feeds
// the file to ffmpeg to time the encoder alone on exactly the frames the
// export encodes (the ceiling of any pipeline ending in that encoder).
//
//	rawframes -o frames.yuv JOB.project
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"image"
	"os"

	"github.com/slidereel/slidereel/preview"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

func main() {
	out := flag.String("o", "", "output file")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: rawframes -o frames.yuv JOB.project")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "rawframes:", err)
		os.Exit(1)
	}
}

func run(projPath, out string) error {
	ctx := context.Background()
	p, err := project.Load(projPath)
	if err != nil {
		return err
	}
	md, err := sound.Durations(ctx, p)
	if err != nil {
		return err
	}
	tl := p.Timeline(md)
	r := preview.New(p, tl, preview.Options{Quality: preview.Final, WaitSubjects: true})
	defer r.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	img := image.NewYCbCr(image.Rect(0, 0, p.Output.Width, p.Output.Height), image.YCbCrSubsampleRatio420)
	for n := 0; n < tl.Frames; n++ {
		if err := r.Render(ctx, n, img); err != nil {
			f.Close()
			return err
		}
		for _, plane := range [][]byte{img.Y, img.Cb, img.Cr} {
			if _, err := w.Write(plane); err != nil {
				f.Close()
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%d %dx%d %d\n", tl.Frames, p.Output.Width, p.Output.Height, p.Output.FPS)
	return nil
}

// Command slidereel-cli is the command line of slidereel without the editor
// (no Fyne, so it builds in seconds): the benchmark runs it. With
// SLIDEREEL_BENCH_RUSAGE=1 it also prints its own CPU time and that of its
// children (ffmpeg) on stderr, to split the export's cost; with
// SLIDEREEL_CPUPROFILE=FILE it writes a Go CPU profile of the run.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"syscall"

	"github.com/slidereel/slidereel/export/cli"
)

func main() {
	if path := os.Getenv("SLIDEREEL_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
	}
	code := cli.Main(os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	if os.Getenv("SLIDEREEL_BENCH_RUSAGE") == "1" {
		var self, children syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
		fmt.Fprintf(os.Stderr, "rusage self_cpu_s=%.1f children_cpu_s=%.1f self_maxrss_mb=%.1f children_maxrss_mb=%.1f\n",
			cpu(self), cpu(children), float64(self.Maxrss)/1024, float64(children.Maxrss)/1024)
	}
	os.Exit(code)
}

func cpu(r syscall.Rusage) float64 {
	return float64(r.Utime.Sec+r.Stime.Sec) + float64(r.Utime.Usec+r.Stime.Usec)/1e6
}

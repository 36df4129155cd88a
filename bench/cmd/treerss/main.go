// Command treerss runs a command and reports its wall time and the peak of
// the summed resident memory of the command and all its descendants
// (sampled from /proc every 50 ms), e.g. slidereel plus its ffmpeg child.
// /usr/bin/time -v only reports the largest single process.
//
//	treerss [-label NAME] -- command args...
//
// It prints one line: "NAME wall_s=12.34 peak_tree_mb=456.7 peak_self_mb=..."
// and exits with the command's exit code.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	label := flag.String("label", "run", "name printed with the result")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: treerss [-label NAME] -- command args...")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "treerss:", err)
		os.Exit(1)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peakTree, peakRoot int64
	var peakParts []string
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var err error
loop:
	for {
		select {
		case err = <-done:
			break loop
		case <-tick.C:
			tree, root, parts := treeRSS(cmd.Process.Pid)
			if tree > peakTree {
				peakTree, peakParts = tree, parts
			}
			peakRoot = max(peakRoot, root)
		}
	}
	wall := time.Since(start)
	fmt.Fprintf(os.Stderr, "%s wall_s=%.2f peak_tree_mb=%.1f peak_self_mb=%.1f at_peak=[%s]\n",
		*label, wall.Seconds(), float64(peakTree)/(1<<20), float64(peakRoot)/(1<<20), strings.Join(peakParts, " "))
	if ee, ok := err.(*exec.ExitError); ok {
		os.Exit(ee.ExitCode())
	}
	if err != nil {
		os.Exit(1)
	}
}

// treeRSS returns the resident bytes of pid and its descendants, of pid,
// and each process's name and size ("ffmpeg:341MB").
func treeRSS(pid int) (tree, root int64, parts []string) {
	children := map[int][]int{}
	rss := map[int]int64{}
	names := map[int]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		p, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		ppid, r, name, ok := status(d)
		if !ok {
			continue
		}
		children[ppid] = append(children[ppid], p)
		rss[p], names[p] = r, name
	}
	var walk func(int)
	walk = func(p int) {
		tree += rss[p]
		if rss[p] >= 1<<20 {
			parts = append(parts, fmt.Sprintf("%s:%dMB", names[p], rss[p]>>20))
		}
		for _, c := range children[p] {
			walk(c)
		}
	}
	walk(pid)
	return tree, rss[pid], parts
}

func status(dir string) (ppid int, rss int64, name string, ok bool) {
	f, err := os.Open(dir + "/status")
	if err != nil {
		return 0, 0, "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Name":
			name = v
		case "PPid":
			ppid, _ = strconv.Atoi(v)
		case "VmRSS":
			kb, _ := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			rss = kb << 10
		}
	}
	return ppid, rss, name, true
}

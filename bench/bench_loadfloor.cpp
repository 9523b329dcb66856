// Does nothing: built twice, linked (without --as-needed) against veil-cli's shared libraries and against
// only those a blurred rendition cannot do without, so veil-bench-startup can show what loading them costs.
int main()
{
    return 0;
}

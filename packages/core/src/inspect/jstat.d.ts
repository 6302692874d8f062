// The two functions of jstat 1.9 that Assay uses (the package ships no types).
declare module 'jstat' {
  const jStat: {
    beta: { inv(p: number, a: number, b: number): number };
    normal: { inv(p: number, mean: number, sd: number): number };
  };
  export default jStat;
}

/**
 * The answer of an analysis (Clauset, Shalizi & Newman 2009): the goodness-of-fit p-value said
 * plainly (§4.1: ruled out when p < 0.1), the likelihood-ratio table (§5.1, with Vuong's
 * normalised statistic, Vuong 1989) and the verdict in their words.
 */
import type { AnalyseResult } from '../analysis/protocol';

/** Below this p the power law is ruled out (CSN §4.1; core/analysis/bootstrap.ts GOF_PLAUSIBLE). */
const PLAUSIBLE = 0.1;

/** A p-value: 3 decimals, or `< 0.001`. */
const pText = (p: number): string => (p < 0.001 ? '< 0.001' : p.toFixed(3));
/** A number with sign and 2 decimals (±∞ as such). */
const num = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '+∞' : '−∞');

/** The goodness-of-fit sentence: ruled out or plausible, with p, its error and the sets. */
export function goodnessOfFitText(r: AnalyseResult): string {
  const b = r.bootstrap;
  const p = `p = ${b.p.toFixed(3)} ± ${b.standardError.toFixed(3)} (${b.sets} synthetic sets, seed ${b.seed})`;
  if (Number.isNaN(b.p)) return 'no synthetic set could be fitted: no p-value';
  return b.p < PLAUSIBLE
    ? `The power law is ruled out: ${p} < ${PLAUSIBLE}. Data drawn from the fitted power law are rarely this far from it (KS D = ${b.D.toFixed(4)}).`
    : `The power law is plausible: ${p} ≥ ${PLAUSIBLE}. This does not prove the data follow it; the likelihood ratios below say whether another law fits as well.`;
}

/** The p-value sentence, the likelihood-ratio table and the verdict (`data-testid`: gof-p, lr-table, verdict). */
export function AnalysisResults({ result }: { result: AnalyseResult }) {
  const ruledOut = result.bootstrap.p < PLAUSIBLE;
  return (
    <div className="analysis-results">
      <p className={`gof ${ruledOut ? 'ruled-out' : 'plausible'}`} data-testid="gof-p" data-p={result.bootstrap.p} role="status">
        {goodnessOfFitText(result)}
      </p>
      <table className="lr-table" data-testid="lr-table">
        <caption>
          Likelihood ratios on the tail x ≥ {result.fit.xmin} (n = {result.fit.nTail}); R &gt; 0 favours the power law
        </caption>
        <thead>
          <tr>
            <th scope="col">alternative</th>
            <th scope="col" className="num" title="log-likelihood ratio R = Σ ln p_pl(x) − ln p_alt(x) (CSN eq. 5.2)">
              R
            </th>
            <th scope="col" className="num" title="Vuong's normalised statistic R/(σ√n) (Vuong 1989; CSN eq. C.6)">
              R/σ√n
            </th>
            <th scope="col" className="num" title="two-sided p of the sign of R; below 0.1 the sign can be trusted (CSN §5.1)">
              p
            </th>
            <th scope="col">favoured</th>
          </tr>
        </thead>
        <tbody>
          {result.tests.map((t) => (
            <tr key={t.alternative} data-alternative={t.alternative}>
              <th scope="row">{t.alternative}</th>
              <td className="num">{num(t.R)}</td>
              <td className="num">{num(t.statistic)}</td>
              <td className="num">{pText(t.p)}</td>
              <td className={t.favoured === 'power law' ? 'favours-pl' : t.favoured === 'neither' ? 'muted' : 'favours-alt'}>
                {t.degenerate ? 'neither (fit degenerates)' : t.favoured}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="verdict" data-testid="verdict" aria-label="verdict (Clauset, Shalizi & Newman 2009)">
        {result.verdict.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

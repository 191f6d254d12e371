import type { StringTable } from '../index';

/** The exam-rule grid, its graded quiz, and the attention heatmap. */
const table: StringTable = {
  'grid.caption': {
    en: 'Who may see whom: rows are queries (the position doing the looking), columns are keys.',
    es: 'Quién puede ver a quién: las filas son queries (la posición que mira) y las columnas, keys.',
  },
  'grid.desc': {
    en: 'Measured by the engine with the mask “{mode}” (T = {T}): a cell shows ✓ when changing that position’s key and value changes that query’s output, and ✕ when it changes nothing. Hover over a row or move through it with the arrow keys to see what that query may look at.',
    es: 'Medido por el motor con la máscara «{mode}» (T = {T}): una celda muestra ✓ si al cambiar la key y el value de esa posición cambia la salida de esa query, y ✕ si no cambia nada. Pasa el ratón por una fila o recórrela con las flechas para ver qué puede mirar esa query.',
  },
  'grid.noteDiag': {
    en: 'With this bug every diagonal cell is ✕: a position can no longer read its own key and value. Row 0 gives it away: it has no legal key left, so its softmax spreads over every key, the future included.',
    es: 'Con este bug todas las celdas de la diagonal son ✕: una posición ya no puede leer su propia key ni su propio value. La fila 0 lo delata: no le queda ninguna key permitida, así que su softmax se reparte entre todas las keys, futuro incluido.',
  },
  'grid.query': { en: 'query {i}', es: 'query {i}' },
  'grid.key': { en: 'key {j}', es: 'key {j}' },
  'grid.visible': { en: 'visible', es: 'visible' },
  'grid.blocked': { en: 'blocked', es: 'bloqueada' },
  'grid.rowSees': {
    en: 'Query {i} can see {n} position(s): {keys}.',
    es: 'La query {i} puede ver {n} posición(es): {keys}.',
  },
  'grid.rowSeesNothing': { en: 'Query {i} can see nothing at all.', es: 'La query {i} no puede ver nada.' },
  'grid.mode': { en: 'Mask', es: 'Máscara' },
  'grid.T': { en: 'Sequence length T', es: 'Longitud de la secuencia T' },
  'grid.badT': { en: 'T must be a whole number from 2 to 32.', es: 'T tiene que ser un número entero entre 2 y 32.' },
  'mode.causal': { en: 'causal (correct)', es: 'causal (correcta)' },
  'mode.none': { en: 'no mask', es: 'sin máscara' },
  'mode.post_softmax': { en: 'mask after softmax (bug)', es: 'máscara después del softmax (bug)' },
  'mode.diag_blocked': { en: 'diagonal blocked, off by one (bug)', es: 'diagonal bloqueada, error por uno (bug)' },
  'heatmap.caption': {
    en: 'Attention weights of head 0 (darker = more weight); the last column is each row’s sum.',
    es: 'Pesos de atención de la cabeza 0 (más oscuro = más peso); la última columna es la suma de cada fila.',
  },
  'heatmap.rowSum': { en: 'sum', es: 'suma' },
  'heatmap.cell': { en: 'query {i}, key {j}: weight {w}', es: 'query {i}, key {j}: peso {w}' },

  // the graded "fill the grid from memory" exercise
  'quiz.caption': {
    en: 'Your {T}×{T} visibility grid: rows are queries, columns are keys.',
    es: 'Tu cuadrícula de visibilidad de {T}×{T}: las filas son queries y las columnas, keys.',
  },
  'quiz.desc': {
    en: 'From memory: mark every cell where query i is allowed to see key j under the causal mask (click, or move with the arrow keys and press Enter or Space). Then press Check: the engine measures the real grid and compares.',
    es: 'De memoria: marca cada celda en la que la query i puede ver la key j con la máscara causal (haz clic, o muévete con las flechas y pulsa Enter o Espacio). Después pulsa Comprobar: el motor mide la cuadrícula real y la compara con la tuya.',
  },
  'quiz.rowMarked': { en: 'Row {i}: you marked key(s) {keys} as visible.', es: 'Fila {i}: has marcado como visibles las keys {keys}.' },
  'quiz.rowMarkedNone': { en: 'Row {i}: nothing marked yet.', es: 'Fila {i}: aún no has marcado nada.' },
  'quiz.unmarked': { en: 'not marked', es: 'sin marcar' },
  'quiz.check': { en: 'Check', es: 'Comprobar' },
  'quiz.clear': { en: 'Clear', es: 'Borrar' },
  'quiz.allRight': {
    en: 'All {total} cells right: every query sees itself and everything before it, nothing after.',
    es: 'Las {total} celdas bien: cada query se ve a sí misma y todo lo anterior, nada de lo que viene después.',
  },
  'quiz.someWrong': {
    en: '{correct} of {total} cells right; the {wrong} wrong one(s) are outlined with a thick dashed border.',
    es: '{correct} de {total} celdas bien; las {wrong} incorrectas tienen un borde grueso discontinuo.',
  },
  'quiz.hintDiagonal': {
    en: 'Hint: a position may always look at itself — the diagonal is visible.',
    es: 'Pista: una posición siempre puede mirarse a sí misma; la diagonal es visible.',
  },
  'quiz.hintFuture': {
    en: 'Hint: query {i} cannot see key {j}; that token comes later, and it is part of what has to be predicted.',
    es: 'Pista: la query {i} no puede ver la key {j}; ese token llega después y forma parte de lo que hay que predecir.',
  },
  'quiz.hintPast': {
    en: 'Hint: every earlier position stays visible, not only the one just before.',
    es: 'Pista: todas las posiciones anteriores siguen siendo visibles, no solo la inmediatamente anterior.',
  },
  'quiz.saved': {
    en: 'Saved result: {correct} of {total} right ({date}).',
    es: 'Resultado guardado: {correct} de {total} bien ({date}).',
  },
};
export default table;

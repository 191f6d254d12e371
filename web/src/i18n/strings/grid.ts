import type { StringTable } from '../index';

/** The exam-rule grid and the attention heatmap. */
const table: StringTable = {
  'grid.caption': {
    en: 'Who may see whom: rows are queries (the position doing the looking), columns are keys.',
    es: 'Quién puede ver a quién: las filas son queries (la posición que mira) y las columnas, keys.',
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
};
export default table;

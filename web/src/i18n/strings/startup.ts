import type { StringTable } from '../index';

/** A widget that could not start, or failed in a way the page did not expect: what happened,
 * what the learner can do, and the technical message for a bug report (in a details element). */
const table: StringTable = {
  'startup.failed': {
    en: 'This part of the page could not start.',
    es: 'Esta parte de la página no pudo arrancar.',
  },
  'startup.advice': {
    en: 'Reload the page to try again; if it keeps failing, open the lesson in another browser. The rest of the lesson works, and your answers and progress are kept.',
    es: 'Recarga la página para volver a intentarlo; si sigue fallando, abre la lección en otro navegador. El resto de la lección funciona, y tus respuestas y tu progreso se conservan.',
  },
  'startup.reload': { en: 'Reload the page', es: 'Recargar la página' },
  'startup.details': { en: 'Technical details', es: 'Detalles técnicos' },
  'startup.unexpected': {
    en: 'Something went wrong inside the page. Your answers and progress are kept.',
    es: 'Algo falló dentro de la página. Tus respuestas y tu progreso se conservan.',
  },
};
export default table;

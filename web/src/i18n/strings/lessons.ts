/** Strings of the lesson widgets added with the course revision (attention in trained models). */
import type { StringTable } from '../index';

const table: StringTable = {
  'lessons.trained.title': { en: 'Inside two trained models', es: 'Dentro de dos modelos entrenados' },
  'lessons.trained.desc': {
    en: 'The maps above come from an untrained model. Here the engine trains two mini-GPTs in your browser from the same seed with its default recipe (300 steps each, a few seconds per model): one healthy, one without the causal mask. It then reads every head on a corpus sentence drawn with the sentence seed, and shows the healthy head that puts the most weight from the verb (position 2) on its subject (position 1), next to the broken head that puts the most weight on the next token.',
    es: 'Los mapas de arriba salen de un modelo sin entrenar. Aquí el motor entrena en tu navegador dos mini-GPT con la misma seed y su receta por defecto (300 pasos cada uno, unos segundos por modelo): uno sano y otro sin la máscara causal. Después lee todas las cabezas con una frase del corpus sacada con la seed de la frase, y enseña la cabeza sana que pone más peso desde el verbo (posición 2) en su sujeto (posición 1), al lado de la cabeza rota que pone más peso en el token siguiente.',
  },
  'lessons.trained.seed': { en: 'Training seed', es: 'Seed de entrenamiento' },
  'lessons.trained.sentenceSeed': { en: 'Sentence seed', es: 'Seed de la frase' },
  'lessons.trained.train': { en: 'Train both models', es: 'Entrenar los dos modelos' },
  'lessons.trained.progressLabel': { en: 'Training progress', es: 'Progreso del entrenamiento' },
  'lessons.trained.progress': { en: 'Training the {model}: step {step} of {total}', es: 'Entrenando el {model}: paso {step} de {total}' },
  'lessons.trained.healthy': { en: 'healthy model', es: 'modelo sano' },
  'lessons.trained.broken': { en: 'model without the mask', es: 'modelo sin máscara' },
  'lessons.trained.headHealthy': { en: 'Healthy model, head', es: 'Modelo sano, cabeza' },
  'lessons.trained.headBroken': { en: 'Model without the mask, head', es: 'Modelo sin máscara, cabeza' },
  'lessons.trained.headOption': { en: 'layer {l}, head {h} ({v})', es: 'capa {l}, cabeza {h} ({v})' },
  'lessons.trained.captionHealthy': { en: 'Trained, healthy — layer {l}, head {h}', es: 'Entrenado y sano: capa {l}, cabeza {h}' },
  'lessons.trained.captionBroken': { en: 'Trained without the mask — layer {l}, head {h}', es: 'Entrenado sin máscara: capa {l}, cabeza {h}' },
  'lessons.trained.note': {
    en: 'Healthy: from “{verb}”, {w} of the weight goes to its subject “{subj}”. Without the mask: on average {next} of each row goes to the next token, the answer it was trained to read.',
    es: 'Sano: desde «{verb}», el {w} del peso va a su sujeto, «{subj}». Sin máscara: de media, el {next} de cada fila va al token siguiente, la respuesta que aprendió a leer.',
  },
};
export default table;

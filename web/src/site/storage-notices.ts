/** Tells the learner about storage problems reported by the progress store. */
import { t } from '../i18n';
import { downloadBlob } from '../ui/download';
import { clearNotice, showNotice } from './notices';
import type { LocalProgressStore, StoreEvent } from './progress';

export function reportStorageProblems(store: LocalProgressStore) {
  store.subscribe((e: StoreEvent) => {
    switch (e.type) {
      case 'set-aside':
      case 'cannot-set-aside': {
        const download = {
          label: t('storage.download'),
          run: () => downloadBlob(new Blob([e.raw], { type: 'text/plain' }), `exam-rule-unreadable-progress.txt`),
        };
        const reason = t(`storage.why.${e.problem.code}`);
        const text = e.type === 'set-aside' ? t('storage.setAside', { reason }) : t('storage.cannotSetAside', { reason });
        showNotice('storage-aside', text, { actions: [download] });
        break;
      }
      case 'write-failed':
        if (!store.readOnly) showNotice('storage-write', e.reason === 'full' ? t('storage.full') : t('storage.unavailable'));
        break;
      case 'write-ok':
        clearNotice('storage-write');
        break;
      case 'changed':
        if (e.external) showNotice('storage-external', t('storage.changedElsewhere'), { tone: 'info' });
        break;
    }
  });
}
